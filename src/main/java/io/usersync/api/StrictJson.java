package io.usersync.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Request bodies with fields the API does not have are refused, each unknown field named, the way
 * Kubernetes' strict field validation does: a misspelt {@code excludedDns} must not quietly make a task
 * without its exclusions. The first object of a body collects every unknown field below it (the
 * problem handler skips them), and throws {@link UnknownFieldsException} once the body is read. Each
 * object notes where it stands as it starts, from the parser: records buffer their unknown fields and
 * replay them later, when the parser no longer says where they were.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    private static final String UNKNOWN = StrictJson.class.getName() + ".unknown";

    /** Every field of a request body that its type does not have, as paths like {@code directory.passwrd}. */
    public static final class UnknownFieldsException extends JsonMappingException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> fields;

        UnknownFieldsException(JsonParser p, List<String> fields) {
            super(p, "unknown fields: " + String.join(", ", fields));
            this.fields = List.copyOf(fields);
        }

        public List<String> fields() {
            return fields;
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new Collector());
        mapper.registerModule(new SimpleModule("usersync-strict-bodies")
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(
                            DeserializationConfig config,
                            BeanDescription description,
                            JsonDeserializer<?> deserializer) {
                        return deserializer instanceof BeanDeserializerBase
                                ? new Collecting(deserializer)
                                : deserializer;
                    }
                }));
    }

    /** Collects an unknown field instead of failing at the first; outside a collecting object, Jackson fails as configured. */
    private static final class Collector extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            Body body = (Body) ctxt.getAttribute(UNKNOWN);
            if (body == null) {
                return false;
            }
            String at = body.objects.peek();
            body.unknown.add(at == null || at.isEmpty() ? propertyName : at + "." + propertyName);
            p.skipChildren();
            return true;
        }
    }

    /** What one body's reading found so far: its unknown fields, and the path of each object being read. */
    private static final class Body {
        final List<String> unknown = new ArrayList<>();
        final Deque<String> objects = new ArrayDeque<>();
    }

    /** The path of the object the parser is at the start of (or inside), e.g. {@code mapping} or {@code items[2]}. */
    static String objectPath(JsonParser p) {
        JsonStreamContext object = p.getParsingContext();
        if (p.currentToken() != JsonToken.START_OBJECT
                && p.currentToken() != JsonToken.FIELD_NAME
                && object.getParent() != null) {
            object = object.getParent();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = object.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(
                    c.inArray()
                            ? "[" + c.getCurrentIndex() + "]"
                            : c.getCurrentName() == null ? "" : c.getCurrentName());
        }
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (!part.startsWith("[") && b.length() > 0) {
                b.append('.');
            }
            b.append(part);
        }
        return b.toString();
    }

    /** The outermost object of a body: reads it, then refuses it if anything below was unknown. */
    private static final class Collecting extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        Collecting(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Collecting(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Body body = (Body) ctxt.getAttribute(UNKNOWN);
            boolean outermost = body == null;
            if (outermost) {
                body = new Body();
                ctxt.setAttribute(UNKNOWN, body);
            }
            body.objects.push(objectPath(p));
            Object value;
            try {
                value = super.deserialize(p, ctxt);
            } finally {
                body.objects.pop();
                if (outermost) {
                    ctxt.setAttribute(UNKNOWN, null);
                }
            }
            if (outermost && !body.unknown.isEmpty()) {
                throw new UnknownFieldsException(p, body.unknown);
            }
            return value;
        }
    }
}
