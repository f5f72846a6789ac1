package io.usersync.event;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The contract's description of one change event; the store renders events (see V21), this only documents them. */
@Schema(
        name = "CloudEvent",
        description = "A change event: CloudEvents 1.0, JSON structured mode. Batches to webhooks are arrays of these"
                + " (application/cloudevents-batch+json)")
public record CloudEventDoc(
        @Schema(required = true, enumeration = "1.0") String specversion,

        @Schema(
                required = true,
                description = "the event's position in the stream, as a decimal string: unique, the same on every"
                        + " redelivery, increasing in the order the changes were committed; usable as a cursor")
        String id,

        @Schema(
                required = true,
                description = "/usersync/tasks/{taskId} for a task's runs, /usersync/api for changes"
                        + " made through the API")
        String source,

        @Schema(
                required = true,
                description = "io.usersync. followed by user.created, user.updated, user.disabled, user.enabled,"
                        + " user.removed, user.restored, user.purged, group.created, group.updated, group.removed,"
                        + " group.restored, group.purged, membership.added, membership.removed or run.finished")
        String type,

        @Schema(required = true, description = "when the change was made (RFC 3339, UTC)")
        String time,

        @Schema(
                required = true,
                description = "the object's id: the user, the group (the group for memberships), the run")
        String subject,

        @Schema(required = true, enumeration = "application/json")
        String datacontenttype,

        @Schema(description = "extension: the task that owns the object, if any")
        String taskid,

        @Schema(description = "extension: the run that made the change, if a run did")
        String runid,

        @Schema(description = "extension: who made the change through the API")
        String actor,

        @Schema(
                required = true,
                description = "the object as the API shows it after the change (as it was, for a removal), less"
                        + " customAttributes unless the change changed them; user.updated and group.updated add"
                        + " 'changes': each changed field with its value 'before' and 'after'; membership events"
                        + " carry groupId, memberType (USER or GROUP) and memberId; run.finished the run's id,"
                        + " taskId, status, mode, executedMode, trigger, counts, failureCategory, failureReason and"
                        + " times; purges only the id")
        Map<String, Object> data) {}
