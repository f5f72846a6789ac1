package io.usersync.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Masks secret-looking members wherever they sit in a JSON tree. The DTOs written to the audit log
 * carry no secrets today; this keeps a future field from leaking one into the log unnoticed.
 */
final class SecretMasking {
    static final String MASK = "********";

    private SecretMasking() {}

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("password")
                || n.equals("secret")
                || n.endsWith("clientsecret")
                || n.equals("token")
                || n.equals("bindcredential")
                || n.equals("secretkey");
    }

    static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (isSecretName(f.getKey()) && !f.getValue().isNull()) {
                    f.setValue(object.textNode(MASK));
                } else {
                    mask(f.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(SecretMasking::mask);
        }
        return node;
    }
}
