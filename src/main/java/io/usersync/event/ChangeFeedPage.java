package io.usersync.event;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The contract's description of one page of the change feed (rendered without re-parsing the events). */
@Schema(name = "ChangeFeedPage")
public record ChangeFeedPage(
        @Schema(required = true, description = "the events after the cursor, oldest first")
        List<CloudEventDoc> items,

        @Schema(
                required = true,
                description = "where the next request goes on from (after=nextCursor): past the last event of this"
                        + " page, or past every event written so far when the page is not full")
        String nextCursor) {}
