package io.usersync.sync;

/** A container (mirrored as a user group) or a directory group; one row of the groups staging table. */
public record StagedGroup(
        String kind,
        String externalId,
        String sid,
        String dn,
        String dnNorm,
        String parentNorm,
        String name,
        String description,
        String primaryKey,
        String sourceHash) {
    public static final String CONTAINER = "CONTAINER";
    public static final String DIRECTORY_GROUP = "DIRECTORY_GROUP";
}
