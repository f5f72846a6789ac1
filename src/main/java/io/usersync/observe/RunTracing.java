package io.usersync.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * What a run's log lines and traces carry: its id and its task's id in the logging MDC (JSON and plain
 * formats alike), a span for the run, and one child span per phase (read, plan, apply). Tracing is a
 * no-op unless an OTLP endpoint is configured. Everything is bound to the worker thread running the run.
 */
@ApplicationScoped
public class RunTracing {
    public static final String RUN_ID = "runId";
    public static final String TASK_ID = "taskId";
    static final AttributeKey<String> RUN_ATTRIBUTE = AttributeKey.stringKey("usersync.run.id");
    static final AttributeKey<String> TASK_ATTRIBUTE = AttributeKey.stringKey("usersync.task.id");

    private final Tracer tracer;
    private final ThreadLocal<Current> current = new ThreadLocal<>();

    RunTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    private final class Current {
        final Span run;
        final Scope scope;
        final String runId;
        final String taskId;
        Span phase;

        Current(Span run, String runId, String taskId) {
            this.run = run;
            this.scope = run.makeCurrent();
            this.runId = runId;
            this.taskId = taskId;
        }
    }

    /** A run being traced on this thread. */
    public interface Active extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts a run on this thread; close the answer when the run has ended. */
    public Active run(UUID runId, UUID taskId) {
        String run = runId.toString();
        String task = taskId == null ? null : taskId.toString();
        MDC.put(RUN_ID, run);
        if (task != null) {
            MDC.put(TASK_ID, task);
        }
        var builder = tracer.spanBuilder("usersync run").setNoParent().setAttribute(RUN_ATTRIBUTE, run);
        if (task != null) {
            builder.setAttribute(TASK_ATTRIBUTE, task);
        }
        current.set(new Current(builder.startSpan(), run, task));
        return this::end;
    }

    /** The run's ids in the MDC of this thread, for lines about a run that another thread executes. */
    public Active context(UUID runId, UUID taskId) {
        MDC.put(RUN_ID, runId.toString());
        if (taskId != null) {
            MDC.put(TASK_ID, taskId.toString());
        }
        return () -> {
            MDC.remove(RUN_ID);
            MDC.remove(TASK_ID);
        };
    }

    /** The run on this thread enters a phase; the previous phase ends. */
    public void phase(String name) {
        Current c = current.get();
        if (c == null) {
            return;
        }
        endPhase(c);
        var builder = tracer.spanBuilder("usersync " + name)
                .setParent(Context.current().with(c.run))
                .setAttribute(RUN_ATTRIBUTE, c.runId);
        if (c.taskId != null) {
            builder.setAttribute(TASK_ATTRIBUTE, c.taskId);
        }
        c.phase = builder.startSpan();
    }

    private static void endPhase(Current c) {
        if (c.phase != null) {
            c.phase.end();
            c.phase = null;
        }
    }

    private void end() {
        Current c = current.get();
        current.remove();
        MDC.remove(RUN_ID);
        MDC.remove(TASK_ID);
        if (c != null) {
            endPhase(c);
            c.scope.close();
            c.run.end();
        }
    }
}
