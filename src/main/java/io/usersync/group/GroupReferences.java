package io.usersync.group;

/**
 * Something of another feature that refers to user groups, and so keeps one from being deleted. The
 * feature that owns the reference implements this; groups ask without reading its tables.
 */
public interface GroupReferences {
    /** Why {@code group} may not be deleted now, or null when nothing of this kind refers to it. */
    String blocksDeletion(UserGroup group);
}
