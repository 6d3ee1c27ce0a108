"""The moderators' screens under /moderation/. Every view answers 403 to anyone without `moderation.decide_case`
(the feedback inbox: to the staff who answer feedback); `access` holds the checks.
"""
