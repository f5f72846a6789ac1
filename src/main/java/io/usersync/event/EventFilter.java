package io.usersync.event;

import io.usersync.api.FieldErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Which events a reader wants: types named exactly ({@code user.created}) or by family ({@code user.*},
 * and {@code *} for all), and the tasks whose objects they concern. Families are expanded to the types
 * they hold, so the store compares names only. An event belongs to a task when it concerns one of the
 * task's objects or runs, whether a run or a person made the change.
 */
public record EventFilter(Set<EventType> types, List<UUID> taskIds) {
    public static final EventFilter ALL = new EventFilter(Set.of(), null);

    /**
     * @param patterns null or empty for every type
     * @param field the request field named in a 400 for an unknown type or family
     */
    public static Set<EventType> parseTypes(List<String> patterns, String field, FieldErrors errors) {
        Set<EventType> types = new LinkedHashSet<>();
        if (patterns == null) {
            return types;
        }
        for (int i = 0; i < patterns.size(); i++) {
            String raw = patterns.get(i);
            String p = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith(EventType.NAMESPACE)) {
                p = p.substring(EventType.NAMESPACE.length());
            }
            if (p.equals("*")) {
                return new LinkedHashSet<>();
            }
            if (p.endsWith(".*")) {
                String family = p.substring(0, p.length() - 2);
                List<EventType> of = new ArrayList<>();
                for (EventType t : EventType.values()) {
                    if (t.family().equals(family)) {
                        of.add(t);
                    }
                }
                if (of.isEmpty()) {
                    errors.add(
                            field + "[" + i + "]",
                            "'" + raw + "' names no family of events: use user.*, group.*, membership.* or run.*");
                }
                types.addAll(of);
                continue;
            }
            EventType t = EventType.of(p);
            if (t == null) {
                errors.add(
                        field + "[" + i + "]",
                        "'" + raw + "' is not an event type: one of " + String.join(", ", EventType.names())
                                + ", or a family such as user.*");
            } else {
                types.add(t);
            }
        }
        return types;
    }

    /** The type names to compare with, or null for every type. */
    public String[] typeNames() {
        return types.isEmpty() ? null : types.stream().map(EventType::typeName).toArray(String[]::new);
    }

    /** The task ids to compare with, or null for every task. */
    public UUID[] taskIdArray() {
        return taskIds == null || taskIds.isEmpty() ? null : taskIds.toArray(UUID[]::new);
    }
}
