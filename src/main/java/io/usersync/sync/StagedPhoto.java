package io.usersync.sync;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A user's photo as read: its bytes, their SHA-256 (the photo's ETag) and the content type they show. */
public record StagedPhoto(String contentType, String sha256, byte[] bytes) {

    static StagedPhoto of(byte[] bytes) {
        try {
            return new StagedPhoto(
                    contentType(bytes),
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JPEG and PNG by their signatures (what directories hold); anything else is served as bytes. */
    static String contentType(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == '\r'
                && b[5] == '\n'
                && b[6] == 0x1a
                && b[7] == '\n') {
            return "image/png";
        }
        return "application/octet-stream";
    }
}
