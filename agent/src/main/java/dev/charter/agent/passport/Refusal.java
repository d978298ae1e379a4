package dev.charter.agent.passport;

/** Why a passport is refused: the reason a {@code ScopeViolation} of scope {@code charter:passport} gives. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** The identity the passport names, when it could be read; else {@code null}. */
    private final String claimed;

    Refusal(String reason, String claimed) {
        super(reason, null, false, false);
        this.claimed = claimed;
    }

    static Refusal malformed(String why) {
        return new Refusal("malformed passport: " + why, null);
    }

    String reason() {
        return getMessage();
    }

    String claimed() {
        return claimed;
    }
}
