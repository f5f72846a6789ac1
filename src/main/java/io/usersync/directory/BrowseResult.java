package io.usersync.directory;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BrowseResult")
public record BrowseResult(
        @Schema(description = "the entry listed; null for the roots")
        String dn,

        @Schema(required = true) List<Item> items,

        @Schema(description = "pass as cursor for the next page; absent on the last page")
        String nextCursor) {

    @Schema(name = "BrowseItem")
    public record Item(
            @Schema(required = true) String dn,

            @Schema(required = true, description = "the RDN value, unescaped; the DN itself for roots")
            String name,

            @Schema(required = true) EntryKind kind,
            @Schema(required = true) List<String> objectClasses,

            @Schema(
                    required = true,
                    description = "true when the entry has (or, where the server does not say, may have) children")
            boolean hasChildren,

            @Schema(description = "for roots: true for the default naming context (AD)")
            Boolean defaultNamingContext) {}
}
