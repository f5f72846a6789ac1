package io.usersync.user;

/** A user's photo: its content type, its bytes, and their SHA-256, which is its ETag. */
public record UserPhoto(String contentType, byte[] bytes, String sha256) {}
