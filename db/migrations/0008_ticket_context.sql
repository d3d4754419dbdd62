ALTER TABLE `tickets` ADD `context_path` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `context_title` text;