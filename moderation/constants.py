"""Time limits that both the writes (services) and the reads (selectors) apply, kept apart from either."""

APPEAL_DAYS = 30  # an appeal may be filed within this many days of the decision
CLAIM_MINUTES = 15  # a claim keeps other moderators off a case for this long
