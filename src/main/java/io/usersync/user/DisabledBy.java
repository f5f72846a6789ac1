package io.usersync.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "DisabledBy",
        description = "Who disabled a user. DIRECTORY: the account is disabled in the directory; EXTINCTION: usersync"
                + " disabled it because it left the task's scope (userExtinctionHandling DISABLE or"
                + " DISABLE_THEN_REMOVE); ADMIN: a person, through the API. A sync never re-enables an ADMIN one")
public enum DisabledBy {
    DIRECTORY,
    EXTINCTION,
    ADMIN
}
