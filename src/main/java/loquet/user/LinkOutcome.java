package loquet.user;

import loquet.i18n.Problems;

/** What came of choosing a password through an e-mailed link. */
public sealed interface LinkOutcome {

    record Done(User user) implements LinkOutcome {
    }

    record Invalid(Problems problems) implements LinkOutcome {
    }

    /** Expired, used, superseded or never issued: the page offers to ask again. */
    record Unusable() implements LinkOutcome {
    }
}
