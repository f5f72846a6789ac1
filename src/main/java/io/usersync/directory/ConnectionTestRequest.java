package io.usersync.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ConnectionTestRequest")
public record ConnectionTestRequest(
        @Schema(required = true, description = "as in a task; the password is required here")
        @NotNull(message = "is required")
        @Valid
        DirectoryConnection directory) {}
