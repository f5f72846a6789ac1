package io.usersync.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of change event, named as in the CloudEvent's type after {@code io.usersync.}. */
public enum EventType {
    USER_CREATED("user.created"),
    USER_UPDATED("user.updated"),
    USER_DISABLED("user.disabled"),
    USER_ENABLED("user.enabled"),
    USER_REMOVED("user.removed"),
    USER_RESTORED("user.restored"),
    USER_PURGED("user.purged"),
    GROUP_CREATED("group.created"),
    GROUP_UPDATED("group.updated"),
    GROUP_REMOVED("group.removed"),
    GROUP_RESTORED("group.restored"),
    GROUP_PURGED("group.purged"),
    MEMBERSHIP_ADDED("membership.added"),
    MEMBERSHIP_REMOVED("membership.removed"),
    RUN_FINISHED("run.finished");

    /** The prefix of the CloudEvent type attribute. */
    public static final String NAMESPACE = "io.usersync.";

    private final String name;

    EventType(String name) {
        this.name = name;
    }

    /** As stored and as filters name it: {@code user.created}. */
    public String typeName() {
        return name;
    }

    public String family() {
        return name.substring(0, name.indexOf('.'));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(EventType::typeName).toList();
    }

    /** The type of this name, with or without the {@code io.usersync.} namespace; null if none. */
    public static EventType of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith(NAMESPACE)) {
            n = n.substring(NAMESPACE.length());
        }
        for (EventType t : values()) {
            if (t.name.equals(n)) {
                return t;
            }
        }
        return null;
    }
}
