package io.usersync.support;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;

/** Matches DNs as LDAP compares them: servers answer in their own case and escaping. */
public final class DnMatcher extends BaseMatcher<Object> {
    private final String expected;

    private DnMatcher(String expected) {
        this.expected = expected;
    }

    public static Matcher<Object> sameDn(String expected) {
        return new DnMatcher(expected);
    }

    @Override
    public boolean matches(Object actual) {
        try {
            return actual != null && new DN(actual.toString()).equals(new DN(expected));
        } catch (LDAPException e) {
            return false;
        }
    }

    @Override
    public void describeTo(Description d) {
        d.appendText("the DN ").appendValue(expected);
    }
}
