-- Article answers move into content_feedback (kind 'article'); the old table goes in the next migration.
INSERT INTO `content_feedback` (`kind`, `content_id`, `respondent`, `user_id`, `account_id`, `market_code`, `tier`, `locale`, `helpful`, `reason`, `created_at`)
SELECT 'article', `article_id`, `respondent`, `user_id`, `account_id`, `market_code`, `tier`, `locale`, `helpful`, `reason`, `created_at` FROM `article_feedback`;
