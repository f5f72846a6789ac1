package io.usersync.run;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "RunChange",
        description = "One object a run changed, would change (dry run, blocked run), skipped or failed on")
public record RunChangeDto(
        @Schema(required = true) long id,

        @Schema(
                required = true,
                description =
                        "CREATED, UPDATED, RESTORED, REMOVED, DISABLED, KEPT, KEPT_ON_VERIFY, COLLISION, TAKEN_OVER,"
                                + " UNRESOLVED_MEMBER, WARNING or ERROR."
                                + " RESTORED: a removed object (a tombstone) came back within the retention, under its id."
                                + " REMOVED: it is now a tombstone (410 Gone) until the retention purges it."
                                + " KEPT_ON_VERIFY: the read did not return it, but a lookup by its id before its removal found it inside the task's scope."
                                + " KEPT: the task's extinction policy keeps it, or it lies below a continuation reference the run did not read."
                                + " WARNING: something the run noticed and left as it was (a group read with no members while the store holds some)")
        String action,

        @Schema(required = true, description = "USER, GROUP, CONTAINER or ENTRY")
        String objectType,

        String externalId,
        String dn,

        @Schema(description = "for UPDATED, RESTORED and TAKEN_OVER: the fields that differ")
        List<String> changedFields,

        String reason) {}
