ALTER TABLE `checklist_items` ADD `complete_on_read` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `context_path` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `context_title` text;