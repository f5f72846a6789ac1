package io.usersync.run;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RunChange", description = "One object a run changed, would change (dry run, blocked run), skipped or failed on")
public record RunChangeDto(
        @Schema(required = true) long id,
        @Schema(required = true, description = "CREATED, UPDATED, REMOVED, DISABLED, KEPT, COLLISION, TAKEN_OVER or ERROR") String action,
        @Schema(required = true, description = "USER, GROUP, CONTAINER or ENTRY") String objectType,
        String externalId,
        String dn,
        @Schema(description = "for UPDATED and TAKEN_OVER: the fields that differ") List<String> changedFields,
        String reason) {

}
