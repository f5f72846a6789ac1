package io.usersync.security;

import io.quarkus.panache.common.Sort;
import io.usersync.api.Page;
import io.usersync.api.PageRequest;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import io.usersync.audit.AuditAction;
import io.usersync.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, lists, checks and revokes API tokens. A secret is 32 random bytes; with that much entropy a
 * plain SHA-256 is the right hash (no salt or stretching needed) and lets a request find its token by index.
 */
@ApplicationScoped
public class ApiTokenService {
    public static final String SECRET_PREFIX = "usy_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Recording every use would write on every request; to the minute is what "last used" needs. */
    private static final int LAST_USED_RESOLUTION_SECONDS = 60;

    private final EntityManager em;
    private final AuditLog audit;

    ApiTokenService(EntityManager em, AuditLog audit) {
        this.em = em;
        this.audit = audit;
    }

    public record Issued(ApiToken token, String secret) {}

    /** Who a valid secret belongs to. */
    public record Holder(String name, String role) {}

    @Transactional
    public Issued create(ApiTokenRequest r) {
        String name = r.name().trim();
        if (ApiToken.count("lower(name) = ?1", name.toLowerCase(Locale.ROOT)) > 0) {
            throw ProblemException.conflict("an API token named '" + name + "' already exists");
        }
        if (r.expiresAt() != null && !r.expiresAt().isAfter(OffsetDateTime.now())) {
            throw ProblemException.invalid(422, List.of(new Problem.FieldError("expiresAt", "must be in the future")));
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.name = name;
        t.role = r.role().name();
        t.secretHash = hash(secret);
        t.secretPrefix = secret.substring(0, SECRET_PREFIX.length() + 6);
        t.expiresAt = r.expiresAt();
        t.createdAt = OffsetDateTime.now();
        t.createdBy = audit.currentActor().name();
        t.persist();
        audit.change(AuditAction.TOKEN_CREATED, "TOKEN", t.id, null, ApiTokenDto.of(t));
        return new Issued(t, secret);
    }

    public Page<ApiTokenDto> list(PageRequest paging) {
        var q = ApiToken.<ApiToken>findAll(Sort.ascending("name")).page(paging.toPanache());
        return new Page<>(q.list().stream().map(ApiTokenDto::of).toList(), paging.page, paging.size, q.count());
    }

    public ApiToken get(UUID id) {
        ApiToken t = ApiToken.findById(id);
        if (t == null) {
            throw ProblemException.notFound("API token", id);
        }
        return t;
    }

    /** Deletes the token: the next request that presents it is refused, on every instance. */
    @Transactional
    public void revoke(UUID id) {
        ApiToken t = get(id);
        audit.change(AuditAction.TOKEN_REVOKED, "TOKEN", t.id, ApiTokenDto.of(t), null);
        t.delete();
    }

    /** The holder of a secret that is known and not expired. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Holder> authenticate(String secret) {
        Optional<ApiToken> found = ApiToken.find("secretHash", hash(secret)).firstResultOptional();
        if (found.isEmpty() || found.get().expired(OffsetDateTime.now())) {
            return Optional.empty();
        }
        ApiToken t = found.get();
        // a write only when the recorded use is stale: most requests cost the one indexed read
        if (t.lastUsedAt == null
                || t.lastUsedAt.isBefore(OffsetDateTime.now().minusSeconds(LAST_USED_RESOLUTION_SECONDS))) {
            em.createNativeQuery("update api_token set last_used_at = now() where id = ?1")
                    .setParameter(1, t.id)
                    .executeUpdate();
        }
        return Optional.of(new Holder(t.name, t.role));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares without leaking through timing how much of a secret was right. */
    static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(
                hash(a).getBytes(StandardCharsets.UTF_8), hash(b).getBytes(StandardCharsets.UTF_8));
    }
}
