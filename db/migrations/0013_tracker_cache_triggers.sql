-- The staff tracker caches its aggregates in memory (app/modules/onboarding/tracker-cache.server.ts)
-- and rebuilds them when `data_versions.onboarding` moves. The database bumps it itself, on every
-- write to the rows the tracker reads, so no writer (a route, the events API, a script, another
-- process) can forget to. Events count only when they are self-service use (portal-use.server.ts).
INSERT INTO `data_versions` (`name`, `version`) VALUES ('onboarding', 0);
--> statement-breakpoint
CREATE TRIGGER `accounts_insert_bumps_onboarding` AFTER INSERT ON `accounts` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `accounts_update_bumps_onboarding` AFTER UPDATE ON `accounts` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `accounts_delete_bumps_onboarding` AFTER DELETE ON `accounts` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `markets_insert_bumps_onboarding` AFTER INSERT ON `markets` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `markets_update_bumps_onboarding` AFTER UPDATE ON `markets` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `markets_delete_bumps_onboarding` AFTER DELETE ON `markets` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `checklists_insert_bumps_onboarding` AFTER INSERT ON `checklists` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `checklists_update_bumps_onboarding` AFTER UPDATE ON `checklists` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `checklists_delete_bumps_onboarding` AFTER DELETE ON `checklists` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `checklist_items_insert_bumps_onboarding` AFTER INSERT ON `checklist_items` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `checklist_items_update_bumps_onboarding` AFTER UPDATE ON `checklist_items` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `checklist_items_delete_bumps_onboarding` AFTER DELETE ON `checklist_items` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `account_item_progress_insert_bumps_onboarding` AFTER INSERT ON `account_item_progress` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `account_item_progress_update_bumps_onboarding` AFTER UPDATE ON `account_item_progress` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `account_item_progress_delete_bumps_onboarding` AFTER DELETE ON `account_item_progress` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `outcome_targets_insert_bumps_onboarding` AFTER INSERT ON `outcome_targets` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `outcome_targets_update_bumps_onboarding` AFTER UPDATE ON `outcome_targets` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `outcome_targets_delete_bumps_onboarding` AFTER DELETE ON `outcome_targets` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_bumps_onboarding` AFTER INSERT ON `users` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_bumps_onboarding` AFTER DELETE ON `users` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `users_update_bumps_onboarding` AFTER UPDATE OF `name`, `account_id` ON `users` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `events_insert_bumps_onboarding` AFTER INSERT ON `events` WHEN NEW.`type` IN ('article', 'video', 'lesson', 'checklist') BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `events_update_bumps_onboarding` AFTER UPDATE ON `events` BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
--> statement-breakpoint
CREATE TRIGGER `events_delete_bumps_onboarding` AFTER DELETE ON `events` WHEN OLD.`type` IN ('article', 'video', 'lesson', 'checklist') BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'onboarding'; END;
