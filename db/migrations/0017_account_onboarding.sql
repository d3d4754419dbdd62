-- Each account's onboarding facts, stored for the staff tracker's sorts and filters (db/schema/onboarding.ts).
-- The view below is their one definition: the account's playbook (the one staff chose, else the most
-- specific match of market and tier, as playbook-choice.ts), its items and the account's progress on
-- them. The triggers after it rewrite an account's row from the view on every write to those rows, so
-- no writer (a route, the events API, a script, another process) can leave it behind. Each rewrite
-- reads the view for the accounts concerned only: `account_id IN (…)` reaches the view's GROUP BY
-- column, so SQLite looks those accounts up instead of computing every account.
CREATE TABLE `account_onboarding` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`playbook_id` integer,
	`items` integer NOT NULL,
	`done` integer NOT NULL,
	`milestones` integer NOT NULL,
	`value_at` integer,
	`required` integer NOT NULL,
	`required_done` integer NOT NULL,
	`last_required_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_onboarding_playbook` ON `account_onboarding` (`playbook_id`);--> statement-breakpoint
CREATE VIEW `account_onboarding_live` AS
SELECT s.`account_id`, s.`playbook_id`,
  count(i.`id`) AS `items`,
  count(p.`done_at`) AS `done`,
  coalesce(sum(i.`value_milestone`), 0) AS `milestones`,
  min(CASE WHEN i.`value_milestone` THEN p.`done_at` END) AS `value_at`,
  coalesce(sum(i.`required`), 0) AS `required`,
  coalesce(sum(i.`required` AND p.`done_at` IS NOT NULL), 0) AS `required_done`,
  max(CASE WHEN i.`required` THEN p.`done_at` END) AS `last_required_at`
FROM (
  SELECT a.`id` AS `account_id`, coalesce(a.`checklist_id`, (
    SELECT c.`id` FROM `checklists` c
    WHERE (c.`market_id` IS NULL OR c.`market_id` = a.`market_id`)
      AND (c.`tier` IS NULL OR c.`tier` = coalesce(a.`tier_override`, a.`derived_tier`))
    ORDER BY (c.`tier` IS NOT NULL) * 2 + (c.`market_id` IS NOT NULL) DESC, c.`id`
    LIMIT 1
  )) AS `playbook_id`
  FROM `accounts` a
) s
LEFT JOIN `checklist_items` i ON i.`checklist_id` = s.`playbook_id`
LEFT JOIN `account_item_progress` p ON p.`account_id` = s.`account_id` AND p.`item_key` = i.`key`
GROUP BY s.`account_id`;
--> statement-breakpoint
-- The accounts there already.
INSERT INTO `account_onboarding` SELECT * FROM `account_onboarding_live`;
--> statement-breakpoint
CREATE TRIGGER `accounts_insert_adds_account_onboarding` AFTER INSERT ON `accounts` BEGIN INSERT INTO `account_onboarding` SELECT * FROM `account_onboarding_live` WHERE `account_id` = NEW.`id`; END;
--> statement-breakpoint
-- A deleted account's row goes with it (ON DELETE CASCADE). Only the columns that choose the playbook matter; T0 is read from the account.
CREATE TRIGGER `accounts_update_refreshes_account_onboarding` AFTER UPDATE OF `checklist_id`, `market_id`, `derived_tier`, `tier_override` ON `accounts` WHEN OLD.`checklist_id` IS NOT NEW.`checklist_id` OR OLD.`market_id` IS NOT NEW.`market_id` OR coalesce(OLD.`tier_override`, OLD.`derived_tier`) IS NOT coalesce(NEW.`tier_override`, NEW.`derived_tier`) BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (NEW.`id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
CREATE TRIGGER `account_item_progress_insert_refreshes_account_onboarding` AFTER INSERT ON `account_item_progress` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (NEW.`account_id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
CREATE TRIGGER `account_item_progress_update_refreshes_account_onboarding` AFTER UPDATE ON `account_item_progress` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (OLD.`account_id`, NEW.`account_id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
CREATE TRIGGER `account_item_progress_delete_refreshes_account_onboarding` AFTER DELETE ON `account_item_progress` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (OLD.`account_id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
-- A playbook added, removed or moved to another market or tier may change which one the accounts without a chosen playbook follow.
CREATE TRIGGER `checklists_insert_refreshes_account_onboarding` AFTER INSERT ON `checklists` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (SELECT `id` FROM `accounts` WHERE `checklist_id` IS NULL)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
CREATE TRIGGER `checklists_update_refreshes_account_onboarding` AFTER UPDATE OF `market_id`, `tier` ON `checklists` WHEN OLD.`market_id` IS NOT NEW.`market_id` OR OLD.`tier` IS NOT NEW.`tier` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (SELECT `id` FROM `accounts` WHERE `checklist_id` IS NULL)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
-- Runs after the foreign keys' actions: the accounts that had chosen it are back to none.
CREATE TRIGGER `checklists_delete_refreshes_account_onboarding` AFTER DELETE ON `checklists` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (SELECT `id` FROM `accounts` WHERE `checklist_id` IS NULL OR `checklist_id` = OLD.`id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
-- An item added, removed or changed changes the facts of the accounts that follow its playbook; moving it in the list does not.
CREATE TRIGGER `checklist_items_insert_refreshes_account_onboarding` AFTER INSERT ON `checklist_items` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (SELECT `account_id` FROM `account_onboarding` WHERE `playbook_id` = NEW.`checklist_id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
CREATE TRIGGER `checklist_items_update_refreshes_account_onboarding` AFTER UPDATE OF `checklist_id`, `key`, `required`, `value_milestone` ON `checklist_items` WHEN OLD.`checklist_id` IS NOT NEW.`checklist_id` OR OLD.`key` IS NOT NEW.`key` OR OLD.`required` IS NOT NEW.`required` OR OLD.`value_milestone` IS NOT NEW.`value_milestone` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (SELECT `account_id` FROM `account_onboarding` WHERE `playbook_id` IN (OLD.`checklist_id`, NEW.`checklist_id`))) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
--> statement-breakpoint
CREATE TRIGGER `checklist_items_delete_refreshes_account_onboarding` AFTER DELETE ON `checklist_items` BEGIN UPDATE `account_onboarding` SET `playbook_id` = l.`playbook_id`, `items` = l.`items`, `done` = l.`done`, `milestones` = l.`milestones`, `value_at` = l.`value_at`, `required` = l.`required`, `required_done` = l.`required_done`, `last_required_at` = l.`last_required_at` FROM (SELECT * FROM `account_onboarding_live` WHERE `account_id` IN (SELECT `account_id` FROM `account_onboarding` WHERE `playbook_id` = OLD.`checklist_id`)) AS l WHERE `account_onboarding`.`account_id` = l.`account_id`; END;
