-- Outcomes are global: exactly one row, present from the first migration on.
INSERT INTO `outcome_targets` (`id`, `time_to_value_days`, `onboarding_days`, `adoption_percent`, `gross_retention_percent`, `net_retention_percent`, `portal_user_window_days`, `updated_at`)
VALUES (1, 30, 60, 60, 90, 105, 14, CAST(unixepoch('subsec') * 1000 AS INTEGER));
