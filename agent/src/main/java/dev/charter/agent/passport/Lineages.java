package dev.charter.agent.passport;

import dev.charter.agent.policy.Policy;
import java.util.List;

/** Compares a passport's chain with the local policy's delegations. */
final class Lineages {

    private static final String SESSION = "/session:";
    private static final int SHOWN = 128;

    private Lineages() {
    }

    /**
     * Why {@code chain} is not what the local policy declares, or {@code null} if it is: the bound
     * identity (or, for a session, the identity it was derived from) is declared here, with the same
     * principals in the same order; a session is named {@code <parent>/session:<name>} and is not a
     * declared identity.
     *
     * @param chain the bound identity first, then its principals nearest first
     * @param scopes the session's scopes when the bound identity is a session, else {@code null}
     */
    static String mismatch(List<String> chain, List<String> scopes, Policy policy) {
        List<String> declared = chain;
        if (scopes != null) {
            String session = chain.get(0);
            if (chain.size() < 2) {
                return "session " + shown(session) + " names no identity it was derived from";
            }
            String parent = chain.get(1);
            String name = session.startsWith(parent + SESSION) ? session.substring(parent.length() + SESSION.length()) : "";
            if (name.isEmpty() || name.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
                return shown(session) + " is not a session of " + shown(parent);
            }
            if (policy.declares(session)) {
                return "session " + shown(session) + " is an identity declared here";
            }
            declared = chain.subList(1, chain.size());
        }
        String identity = declared.get(0);
        if (!policy.declares(identity)) {
            return shown(identity) + " is not declared here";
        }
        List<String> expected = policy.chain(identity);
        List<String> given = declared.subList(1, declared.size());
        if (!expected.equals(given)) {
            return identity + " acts " + principals(expected) + " here, the passport says " + shownList(given);
        }
        return null;
    }

    private static String principals(List<String> chain) {
        return chain.isEmpty() ? "on its own" : "on behalf of " + String.join(", then ", chain);
    }

    private static String shownList(List<String> chain) {
        if (chain.isEmpty()) {
            return "on its own";
        }
        StringBuilder text = new StringBuilder("on behalf of ");
        for (int i = 0; i < chain.size(); i++) {
            text.append(i == 0 ? "" : ", then ").append(shown(chain.get(i)));
        }
        return text.toString();
    }

    /**
     * Text from a passport as a message may show it: as it is when it is a short run of printable
     * ASCII without quotes, else quoted with control, non-ASCII and quote characters escaped and
     * shortened, so that it can never break or forge a line.
     */
    static String shown(String text) {
        if (text.length() <= SHOWN && text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            return text;
        }
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < SHOWN; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                shown.append(c);
            } else {
                shown.append(String.format("\\u%04x", (int) c));
            }
        }
        return shown.append(text.length() > SHOWN ? "…\"" : "\"").toString();
    }
}
