package io.usersync.sync;

import com.unboundid.ldap.sdk.Entry;
import io.usersync.task.SyncTask;
import java.time.OffsetDateTime;

/**
 * The users a task leaves out although they are in its scope: disabled accounts (skipDisabledUsers) and
 * accounts expired by the time the run started (skipExpiredUsers). Left out means not synced: gone, if the
 * store holds them.
 */
record UsersLeftOut(boolean disabled, boolean expired, OffsetDateTime asOf) {

    static UsersLeftOut of(SyncTask task, OffsetDateTime asOf) {
        return new UsersLeftOut(task.skipDisabledUsers, task.skipExpiredUsers, asOf);
    }

    static UsersLeftOut none() {
        return new UsersLeftOut(false, false, OffsetDateTime.now());
    }

    boolean leavesOut(EntryMapper mapper, Entry user) {
        return (disabled && mapper.isDisabled(user)) || (expired && mapper.isExpired(user, asOf));
    }
}
