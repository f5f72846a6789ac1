package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimpleDnsTest {

    @Test
    void commonDnsTakeTheShortcut() throws LDAPException {
        for (String dn : new String[] {
            "uid=user000123,ou=people,ou=bench,dc=example,dc=org",
            "CN=John Smith,OU=Sales Team,DC=corp,DC=example,DC=com",
            "cn=svc-sync.prod_1,o=x"
        }) {
            assertNotNull(SimpleDns.simpleNormalized(dn), dn);
            assertEquals(new DN(dn).toNormalizedString(), SimpleDns.normalize(dn));
        }
        assertEquals("ou=people,dc=x", SimpleDns.parentOfNormalized("uid=a,ou=people,dc=x"));
        assertNull(SimpleDns.parentOfNormalized("dc=x"));
    }

    @Test
    void anythingUnusualGoesToUnboundId() throws LDAPException {
        for (String dn : new String[] {
            "CN=Smith\\, John,OU=Users,DC=x",
            "CN=Jürgen Müller,DC=x",
            "cn=a+sn=b,dc=x",
            "CN=A, OU=B",
            "CN=A ,OU=B",
            "CN=A  B,DC=x",
            "cn=#abc,dc=x",
            "cn=\"quoted\",dc=x",
            " cn=a,dc=x",
            "cn=a=b,dc=x",
            "cn=,dc=x",
            "dc=x,",
            "cn = a,dc=x",
            ""
        }) {
            assertNull(SimpleDns.simpleNormalized(dn), dn);
        }
        assertEquals(
                new DN("CN=Smith\\, John,OU=Users,DC=x").toNormalizedString(),
                SimpleDns.normalize("CN=Smith\\, John,OU=Users,DC=x"));
    }

    /** Whatever the shortcut accepts, UnboundID parses to the very same normalised string. */
    @Test
    void shortcutAgreesWithUnboundIdOnGeneratedDns() {
        Random random = new Random(42);
        String alphabet = "aAzZ09-._ =,,,==  xyQ";
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder dn = new StringBuilder();
            int len = 3 + random.nextInt(30);
            for (int i = 0; i < len; i++) {
                dn.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = dn.toString();
            String fast = SimpleDns.simpleNormalized(s);
            if (fast != null) {
                accepted++;
                try {
                    assertEquals(new DN(s).toNormalizedString(), fast, s);
                } catch (LDAPException e) {
                    throw new AssertionError("the shortcut accepted what UnboundID cannot parse: '" + s + "'", e);
                }
            }
        }
        assertTrue(accepted > 1000, "only " + accepted + " generated DNs were simple: the generator tests nothing");
    }
}
