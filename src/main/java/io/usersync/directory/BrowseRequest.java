package io.usersync.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BrowseRequest")
public record BrowseRequest(
        @Schema(required = true, description = "as in a task; the password is required here")
        @NotNull(message = "is required")
        @Valid
        DirectoryConnection directory,

        @Schema(description = "the entry whose children to list; null lists the roots (naming contexts)")
        String dn,

        @Schema(description = "nextCursor of the previous page")
        String cursor,

        @Schema(description = "1 to 1000, default 200")
        @Min(value = 1, message = "must be between 1 and 1000")
        @Max(value = 1000, message = "must be between 1 and 1000")
        Integer pageSize,

        @Schema(description = "only children whose name starts with this")
        String filter,

        @Schema(description = "with no dn: also list configuration, schema and DNS partitions; default false")
        Boolean includeSystemPartitions) {}
