"""What an edit changes: `scrutineer diff` (two versions of the rules and facts, from git) and `scrutineer replay`
(one season's facts under another ruleset version). Both replay seasons with the same pipeline as `check` and
compare its plain results; nothing here scores anything itself."""
