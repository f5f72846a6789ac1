package io.usersync.api;

/** Builds case-insensitive "contains" patterns for {@code lower(x) like :p escape '\'} queries. */
public final class LikePattern {
    private LikePattern() {}

    public static String contains(String text) {
        String escaped =
                text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
