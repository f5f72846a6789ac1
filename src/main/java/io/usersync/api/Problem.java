package io.usersync.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem detail, the body of every error answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    public URI type = URI.create("about:blank");
    public String title;
    public int status;
    public String detail;
    public String instance;
    public List<FieldError> errors;

    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public Problem() {}

    public Problem(int status, String title, String detail) {
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    /** Members beyond RFC 9457's own, such as {@code category} or {@code runId}. */
    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    public Problem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public record FieldError(String field, String message) {}
}
