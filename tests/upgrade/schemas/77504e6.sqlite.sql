PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE audible_cache (
	asin VARCHAR(16) NOT NULL, 
	title TEXT NOT NULL, 
	subtitle TEXT, 
	author TEXT NOT NULL, 
	narrator TEXT, 
	series TEXT, 
	series_position VARCHAR(32), 
	language VARCHAR(32), 
	description TEXT, 
	cover_art_url TEXT, 
	cached_cover_path TEXT, 
	duration_minutes INTEGER, 
	release_date VARCHAR(32), 
	rating FLOAT, 
	genres JSON, 
	is_popular BOOLEAN NOT NULL, 
	is_new_release BOOLEAN NOT NULL, 
	popular_rank INTEGER, 
	new_release_rank INTEGER, 
	last_synced_at DATETIME, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_audible_cache PRIMARY KEY (id), 
	CONSTRAINT uq_audible_cache_asin UNIQUE (asin)
);
INSERT INTO audible_cache VALUES('ble_cache.asin 0','audible_cache.title 0','audible_cache.subtitle 0','audible_cache.author 0','audible_cache.narrator 0','audible_cache.series 0','audible_cache.series_position 0','audible_cache.language 0','audible_cache.description 0','audible_cache.cover_art_url 0','audible_cache.cached_cover_path 0',1,'audible_cache.release_date 0',0.5,'{"row": 0, "items": ["audible_cache-0"]}',1,1,1,1,'2026-01-02 03:04:05.000000','f7bae82649965a809d87086724561e25','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO audible_cache VALUES('ble_cache.asin 1','audible_cache.title 1','audible_cache.subtitle 1','audible_cache.author 1','audible_cache.narrator 1','audible_cache.series 1','audible_cache.series_position 1','audible_cache.language 1','audible_cache.description 1','audible_cache.cover_art_url 1','audible_cache.cached_cover_path 1',2,'audible_cache.release_date 1',1.5,'{"row": 1, "items": ["audible_cache-1"]}',0,0,2,2,'2026-01-03 03:04:05.000000','6e7539e19f335ae5bd43dbac06cb0c4b','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO audible_cache VALUES('ble_cache.asin 2','audible_cache.title 2','audible_cache.subtitle 2','audible_cache.author 2','audible_cache.narrator 2','audible_cache.series 2','audible_cache.series_position 2','audible_cache.language 2','audible_cache.description 2','audible_cache.cover_art_url 2','audible_cache.cached_cover_path 2',3,'audible_cache.release_date 2',2.5,'{"row": 2, "items": ["audible_cache-2"]}',0,0,3,3,'2026-01-04 03:04:05.000000','f298a17619055989b8e7a02423d0290d','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE audiobooks (
	audible_asin VARCHAR(16), 
	title TEXT NOT NULL, 
	author TEXT NOT NULL, 
	narrator TEXT, 
	description TEXT, 
	cover_art_url TEXT, 
	file_path TEXT, 
	file_format VARCHAR(16), 
	file_size_bytes BIGINT, 
	plex_guid TEXT, 
	plex_library_id VARCHAR(64), 
	status VARCHAR(16) NOT NULL, 
	completed_at DATETIME, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_audiobooks PRIMARY KEY (id), 
	CONSTRAINT ck_audiobooks_status CHECK (status IN ('requested', 'downloading', 'processing', 'completed', 'failed'))
);
INSERT INTO audiobooks VALUES('s.audible_asin 0','audiobooks.title 0','audiobooks.author 0','audiobooks.narrator 0','audiobooks.description 0','audiobooks.cover_art_url 0','audiobooks.file_path 0','ks.file_format 0',1,'audiobooks.plex_guid 0','audiobooks.plex_library_id 0','requested','2026-01-02 03:04:05.000000','a9b393c2871b58e19557a8adf900c811','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO audiobooks VALUES('s.audible_asin 1','audiobooks.title 1','audiobooks.author 1','audiobooks.narrator 1','audiobooks.description 1','audiobooks.cover_art_url 1','audiobooks.file_path 1','ks.file_format 1',2,'audiobooks.plex_guid 1','audiobooks.plex_library_id 1','downloading','2026-01-03 03:04:05.000000','2a8ac980b2ce5a24851149d333c613a7','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO audiobooks VALUES('s.audible_asin 2','audiobooks.title 2','audiobooks.author 2','audiobooks.narrator 2','audiobooks.description 2','audiobooks.cover_art_url 2','audiobooks.file_path 2','ks.file_format 2',3,'audiobooks.plex_guid 2','audiobooks.plex_library_id 2','processing','2026-01-04 03:04:05.000000','cbce9da2befb58828d6d0bcc6a0a93ab','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE configuration (
	"key" VARCHAR(255) NOT NULL, 
	value TEXT, 
	encrypted BOOLEAN NOT NULL, 
	category VARCHAR(64), 
	description TEXT, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_configuration PRIMARY KEY (id), 
	CONSTRAINT uq_configuration_key UNIQUE ("key")
);
INSERT INTO configuration VALUES('configuration.key 0','configuration.value 0',1,'configuration.category 0','configuration.description 0','45862518159c50788b74a9e0ef4e0c2f','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO configuration VALUES('configuration.key 1','configuration.value 1',0,'configuration.category 1','configuration.description 1','910e642631e0539983614e54966c243d','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO configuration VALUES('configuration.key 2','configuration.value 2',0,'configuration.category 2','configuration.description 2','877b31e4414c54df9f79aed030999120','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE login_failures (
	subject VARCHAR(64) NOT NULL, 
	failed_at DATETIME NOT NULL, 
	id CHAR(32) NOT NULL, 
	CONSTRAINT pk_login_failures PRIMARY KEY (id)
);
INSERT INTO login_failures VALUES('login_failures.subject 0','2026-01-02 03:04:05.000000','6dac5ad69f2e5d2894ff6601d97feb3a');
INSERT INTO login_failures VALUES('login_failures.subject 1','2026-01-03 03:04:05.000000','5e417158c0a95045b83bb5965602736b');
INSERT INTO login_failures VALUES('login_failures.subject 2','2026-01-04 03:04:05.000000','5888bc1237c05213979a18b03e7db200');
CREATE TABLE plex_library (
	plex_guid VARCHAR(512) NOT NULL, 
	rating_key VARCHAR(64) NOT NULL, 
	library_id VARCHAR(64) NOT NULL, 
	title TEXT NOT NULL, 
	author TEXT NOT NULL, 
	narrator TEXT, 
	year INTEGER, 
	duration_ms BIGINT, 
	asin VARCHAR(16), 
	isbn VARCHAR(20), 
	file_path TEXT, 
	thumb TEXT, 
	user_rating FLOAT, 
	added_at DATETIME, 
	last_scanned_at DATETIME, 
	title_key TEXT NOT NULL, 
	author_key TEXT NOT NULL, 
	narrator_key TEXT NOT NULL, 
	fingerprint VARCHAR(32), 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_plex_library PRIMARY KEY (id), 
	CONSTRAINT uq_plex_library_plex_guid UNIQUE (plex_guid)
);
INSERT INTO plex_library VALUES('plex_library.plex_guid 0','plex_library.rating_key 0','plex_library.library_id 0','plex_library.title 0','plex_library.author 0','plex_library.narrator 0',1,1,'x_library.asin 0','plex_library.isbn 0','plex_library.file_path 0','plex_library.thumb 0',0.5,'2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','plex_library.title_key 0','plex_library.author_key 0','plex_library.narrator_key 0','plex_library.fingerprint 0','52688a5e2547551c989332fd95794926','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO plex_library VALUES('plex_library.plex_guid 1','plex_library.rating_key 1','plex_library.library_id 1','plex_library.title 1','plex_library.author 1','plex_library.narrator 1',2,2,'x_library.asin 1','plex_library.isbn 1','plex_library.file_path 1','plex_library.thumb 1',1.5,'2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','plex_library.title_key 1','plex_library.author_key 1','plex_library.narrator_key 1','plex_library.fingerprint 1','8837dc168a2d5e4e8ce3fb30e8c4c929','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO plex_library VALUES('plex_library.plex_guid 2','plex_library.rating_key 2','plex_library.library_id 2','plex_library.title 2','plex_library.author 2','plex_library.narrator 2',3,3,'x_library.asin 2','plex_library.isbn 2','plex_library.file_path 2','plex_library.thumb 2',2.5,'2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','plex_library.title_key 2','plex_library.author_key 2','plex_library.narrator_key 2','plex_library.fingerprint 2','b499c8cf1e045e749ae91f96490dc1cf','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE plex_logins (
	pin_id VARCHAR(32) NOT NULL, 
	secret_hash VARCHAR(64) NOT NULL, 
	main_token TEXT, 
	expires_at DATETIME NOT NULL, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_plex_logins PRIMARY KEY (id), 
	CONSTRAINT uq_plex_logins_pin_id UNIQUE (pin_id)
);
INSERT INTO plex_logins VALUES('plex_logins.pin_id 0','plex_logins.secret_hash 0','plex_logins.main_token 0','2026-01-02 03:04:05.000000','8a33bc3c38f75cc7984c67d201300aaa','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO plex_logins VALUES('plex_logins.pin_id 1','plex_logins.secret_hash 1','plex_logins.main_token 1','2026-01-03 03:04:05.000000','a1954a82b4cf5bfb9016cc968ad0be3c','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO plex_logins VALUES('plex_logins.pin_id 2','plex_logins.secret_hash 2','plex_logins.main_token 2','2026-01-04 03:04:05.000000','bb4ecc6aab7b55159977d12da1dc6fd1','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE scheduled_jobs (
	name VARCHAR(80) NOT NULL, 
	job_type VARCHAR(40) NOT NULL, 
	cron VARCHAR(120) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	payload JSON NOT NULL, 
	last_run_at DATETIME, 
	next_run_at DATETIME, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_scheduled_jobs PRIMARY KEY (id), 
	CONSTRAINT uq_scheduled_jobs_name UNIQUE (name)
);
INSERT INTO scheduled_jobs VALUES('scheduled_jobs.name 0','scheduled_jobs.job_type 0','scheduled_jobs.cron 0',1,'{"row": 0, "items": ["scheduled_jobs-0"]}','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','943152c5f7725564a49fd5b512309b99','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO scheduled_jobs VALUES('scheduled_jobs.name 1','scheduled_jobs.job_type 1','scheduled_jobs.cron 1',0,'{"row": 1, "items": ["scheduled_jobs-1"]}','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','fd31716e94555f93acaa03131bf26c58','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO scheduled_jobs VALUES('scheduled_jobs.name 2','scheduled_jobs.job_type 2','scheduled_jobs.cron 2',0,'{"row": 2, "items": ["scheduled_jobs-2"]}','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','255f22b04e3c5fee88490cd310c7df92','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE users (
	plex_id VARCHAR(255) NOT NULL, 
	plex_username VARCHAR(255) NOT NULL, 
	plex_email VARCHAR(320), 
	role VARCHAR(16) NOT NULL, 
	is_setup_admin BOOLEAN NOT NULL, 
	avatar_url TEXT, 
	auth_token TEXT, 
	last_login_at DATETIME, 
	plex_home_user_id VARCHAR(255), 
	bookdate_library_scope VARCHAR(16) NOT NULL, 
	bookdate_custom_prompt TEXT, 
	bookdate_onboarding_complete BOOLEAN NOT NULL, 
	session_version INTEGER DEFAULT '0' NOT NULL, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_users PRIMARY KEY (id), 
	CONSTRAINT ck_users_role CHECK (role IN ('user', 'admin')), 
	CONSTRAINT ck_users_bookdate_library_scope CHECK (bookdate_library_scope IN ('full', 'rated')), 
	CONSTRAINT uq_users_plex_id UNIQUE (plex_id)
);
INSERT INTO users VALUES('users.plex_id 0','users.plex_username 0','users.plex_email 0','user',1,'users.avatar_url 0','users.auth_token 0','2026-01-02 03:04:05.000000','users.plex_home_user_id 0','full','users.bookdate_custom_prompt 0',1,1,'5585e862515d5ae088ad6dfbd6cac676','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO users VALUES('users.plex_id 1','users.plex_username 1','users.plex_email 1','admin',0,'users.avatar_url 1','users.auth_token 1','2026-01-03 03:04:05.000000','users.plex_home_user_id 1','rated','users.bookdate_custom_prompt 1',0,2,'084a38beb40d5560beb14eb9e3ae3c3b','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO users VALUES('users.plex_id 2','users.plex_username 2','users.plex_email 2','user',0,'users.avatar_url 2','users.auth_token 2','2026-01-04 03:04:05.000000','users.plex_home_user_id 2','full','users.bookdate_custom_prompt 2',0,3,'7a6e0cbe9e125a8a811c0e4ac873c0b5','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE bookdate_recommendations (
	user_id CHAR(32) NOT NULL, 
	batch_id VARCHAR(40) NOT NULL, 
	asin VARCHAR(16) NOT NULL, 
	title TEXT NOT NULL, 
	author TEXT NOT NULL, 
	narrator TEXT, 
	description TEXT, 
	cover_url TEXT, 
	rating FLOAT, 
	reason TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	id CHAR(32) NOT NULL, 
	CONSTRAINT pk_bookdate_recommendations PRIMARY KEY (id), 
	CONSTRAINT uq_bookdate_recommendations_user_id_asin UNIQUE (user_id, asin), 
	CONSTRAINT ck_bookdate_recommendations_status CHECK (status IN ('shown', 'swiped')), 
	CONSTRAINT fk_bookdate_recommendations_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);
INSERT INTO bookdate_recommendations VALUES('5585e862515d5ae088ad6dfbd6cac676','bookdate_recommendations.batch_id 0','endations.asin 0','bookdate_recommendations.title 0','bookdate_recommendations.author 0','bookdate_recommendations.narrator 0','bookdate_recommendations.description 0','bookdate_recommendations.cover_url 0',0.5,'bookdate_recommendations.reason 0',1,'shown','2026-01-02 03:04:05.000000','bbda2f54b1a057d28b59fc1cfe1edd75');
INSERT INTO bookdate_recommendations VALUES('084a38beb40d5560beb14eb9e3ae3c3b','bookdate_recommendations.batch_id 1','endations.asin 1','bookdate_recommendations.title 1','bookdate_recommendations.author 1','bookdate_recommendations.narrator 1','bookdate_recommendations.description 1','bookdate_recommendations.cover_url 1',1.5,'bookdate_recommendations.reason 1',2,'swiped','2026-01-03 03:04:05.000000','20e07f163ffa5a5cbbdfb02b1e12c28d');
INSERT INTO bookdate_recommendations VALUES('7a6e0cbe9e125a8a811c0e4ac873c0b5','bookdate_recommendations.batch_id 2','endations.asin 2','bookdate_recommendations.title 2','bookdate_recommendations.author 2','bookdate_recommendations.narrator 2','bookdate_recommendations.description 2','bookdate_recommendations.cover_url 2',2.5,'bookdate_recommendations.reason 2',3,'shown','2026-01-04 03:04:05.000000','027621c15fa75fed8b4c80ab842225fb');
CREATE TABLE requests (
	user_id CHAR(32) NOT NULL, 
	audiobook_id CHAR(32) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	progress INTEGER NOT NULL, 
	priority INTEGER NOT NULL, 
	error_message TEXT, 
	search_attempts INTEGER NOT NULL, 
	download_attempts INTEGER NOT NULL, 
	import_attempts INTEGER NOT NULL, 
	max_import_retries INTEGER NOT NULL, 
	last_search_at DATETIME, 
	last_import_at DATETIME, 
	completed_at DATETIME, 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_requests PRIMARY KEY (id), 
	CONSTRAINT uq_requests_user_id_audiobook_id UNIQUE (user_id, audiobook_id), 
	CONSTRAINT ck_requests_status CHECK (status IN ('pending', 'searching', 'downloading', 'processing', 'downloaded', 'available', 'failed', 'cancelled', 'awaiting_search', 'awaiting_import', 'warn')), 
	CONSTRAINT ck_requests_progress_range CHECK (progress >= 0 AND progress <= 100), 
	CONSTRAINT fk_requests_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT fk_requests_audiobook_id_audiobooks FOREIGN KEY(audiobook_id) REFERENCES audiobooks (id) ON DELETE CASCADE
);
INSERT INTO requests VALUES('5585e862515d5ae088ad6dfbd6cac676','a9b393c2871b58e19557a8adf900c811','pending',1,1,'requests.error_message 0',1,1,1,1,'2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','fb05d4127da35dfaab34b929830f3d5c','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO requests VALUES('084a38beb40d5560beb14eb9e3ae3c3b','2a8ac980b2ce5a24851149d333c613a7','searching',2,2,'requests.error_message 1',2,2,2,2,'2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','79323ff3e0365f55951cbda06d10f23a','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO requests VALUES('7a6e0cbe9e125a8a811c0e4ac873c0b5','cbce9da2befb58828d6d0bcc6a0a93ab','downloading',3,3,'requests.error_message 2',3,3,3,3,'2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','a96ed7bf0f1a59c4a6ca17c115f5f566','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE bookdate_swipes (
	user_id CHAR(32) NOT NULL, 
	recommendation_id CHAR(32), 
	asin VARCHAR(16) NOT NULL, 
	title TEXT NOT NULL, 
	author TEXT NOT NULL, 
	direction VARCHAR(8) NOT NULL, 
	request_id CHAR(32), 
	sequence INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	id CHAR(32) NOT NULL, 
	CONSTRAINT pk_bookdate_swipes PRIMARY KEY (id), 
	CONSTRAINT ck_bookdate_swipes_direction CHECK (direction IN ('left', 'right', 'up')), 
	CONSTRAINT fk_bookdate_swipes_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT fk_bookdate_swipes_recommendation_id_bookdate_recommendations FOREIGN KEY(recommendation_id) REFERENCES bookdate_recommendations (id) ON DELETE SET NULL, 
	CONSTRAINT fk_bookdate_swipes_request_id_requests FOREIGN KEY(request_id) REFERENCES requests (id) ON DELETE SET NULL
);
INSERT INTO bookdate_swipes VALUES('5585e862515d5ae088ad6dfbd6cac676','bbda2f54b1a057d28b59fc1cfe1edd75','te_swipes.asin 0','bookdate_swipes.title 0','bookdate_swipes.author 0','left','fb05d4127da35dfaab34b929830f3d5c',1,'2026-01-02 03:04:05.000000','9f1fdd5cb07a5210a8309d80ff6a12ad');
INSERT INTO bookdate_swipes VALUES('084a38beb40d5560beb14eb9e3ae3c3b','20e07f163ffa5a5cbbdfb02b1e12c28d','te_swipes.asin 1','bookdate_swipes.title 1','bookdate_swipes.author 1','right','79323ff3e0365f55951cbda06d10f23a',2,'2026-01-03 03:04:05.000000','79b32c0f79275561a3b4da6587226b12');
INSERT INTO bookdate_swipes VALUES('7a6e0cbe9e125a8a811c0e4ac873c0b5','027621c15fa75fed8b4c80ab842225fb','te_swipes.asin 2','bookdate_swipes.title 2','bookdate_swipes.author 2','up','a96ed7bf0f1a59c4a6ca17c115f5f566',3,'2026-01-04 03:04:05.000000','304cb9640c2250d68c759b3e934ccbcc');
CREATE TABLE download_history (
	request_id CHAR(32) NOT NULL, 
	indexer_name VARCHAR(255), 
	torrent_name TEXT, 
	torrent_hash VARCHAR(64), 
	torrent_size_bytes BIGINT, 
	magnet_link TEXT, 
	torrent_url TEXT, 
	seeders INTEGER, 
	leechers INTEGER, 
	quality_score FLOAT, 
	selected BOOLEAN NOT NULL, 
	download_client VARCHAR(64), 
	download_client_id VARCHAR(255), 
	download_status VARCHAR(16) NOT NULL, 
	download_error TEXT, 
	started_at DATETIME, 
	completed_at DATETIME, 
	created_at DATETIME NOT NULL, 
	score_breakdown JSON, 
	release_guid TEXT, 
	protocol VARCHAR(16), 
	download_path TEXT, 
	accepted BOOLEAN DEFAULT 0 NOT NULL, 
	blocklisted BOOLEAN DEFAULT 0 NOT NULL, 
	progress_fraction FLOAT, 
	last_progress_at DATETIME, 
	removed_from_client_at DATETIME, 
	id CHAR(32) NOT NULL, 
	CONSTRAINT pk_download_history PRIMARY KEY (id), 
	CONSTRAINT ck_download_history_download_status CHECK (download_status IN ('queued', 'downloading', 'completed', 'failed', 'stalled')), 
	CONSTRAINT fk_download_history_request_id_requests FOREIGN KEY(request_id) REFERENCES requests (id) ON DELETE CASCADE
);
INSERT INTO download_history VALUES('fb05d4127da35dfaab34b929830f3d5c','download_history.indexer_name 0','download_history.torrent_name 0','download_history.torrent_hash 0',1,'download_history.magnet_link 0','download_history.torrent_url 0',1,1,0.5,1,'download_history.download_client 0','download_history.download_client_id 0','queued','download_history.download_error 0','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','{"row": 0, "items": ["download_history-0"]}','download_history.release_guid 0','story.protocol 0','download_history.download_path 0',1,1,0.5,'2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','eefce92f0b555a45ad4f57688e2ea4ac');
INSERT INTO download_history VALUES('79323ff3e0365f55951cbda06d10f23a','download_history.indexer_name 1','download_history.torrent_name 1','download_history.torrent_hash 1',2,'download_history.magnet_link 1','download_history.torrent_url 1',2,2,1.5,0,'download_history.download_client 1','download_history.download_client_id 1','downloading','download_history.download_error 1','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','{"row": 1, "items": ["download_history-1"]}','download_history.release_guid 1','story.protocol 1','download_history.download_path 1',0,0,1.5,'2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','e25dcdc30c7b5e96afc85731873a8524');
INSERT INTO download_history VALUES('a96ed7bf0f1a59c4a6ca17c115f5f566','download_history.indexer_name 2','download_history.torrent_name 2','download_history.torrent_hash 2',3,'download_history.magnet_link 2','download_history.torrent_url 2',3,3,2.5,0,'download_history.download_client 2','download_history.download_client_id 2','completed','download_history.download_error 2','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','{"row": 2, "items": ["download_history-2"]}','download_history.release_guid 2','story.protocol 2','download_history.download_path 2',0,0,2.5,'2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','e041fbbe1f7153d6990f0c903d4a41e9');
CREATE TABLE jobs (
	request_id CHAR(32), 
	type VARCHAR(40) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	priority INTEGER NOT NULL, 
	attempts INTEGER NOT NULL, 
	max_attempts INTEGER NOT NULL, 
	payload JSON NOT NULL, 
	result JSON, 
	error_message TEXT, 
	stack_trace TEXT, 
	started_at DATETIME, 
	completed_at DATETIME, 
	run_after DATETIME NOT NULL, 
	locked_until DATETIME, 
	locked_by VARCHAR(128), 
	dedupe_key VARCHAR(255), 
	released_dedupe_key VARCHAR(255), 
	id CHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_jobs PRIMARY KEY (id), 
	CONSTRAINT ck_jobs_status CHECK (status IN ('pending', 'active', 'completed', 'failed', 'delayed', 'stuck')), 
	CONSTRAINT ck_jobs_type CHECK (type IN ('search_indexers', 'download_torrent', 'monitor_download', 'organize_files', 'scan_plex', 'match_plex', 'plex_library_scan', 'plex_recently_added_check', 'audible_refresh', 'retry_missing_torrents', 'retry_failed_imports', 'cleanup_seeded_torrents', 'monitor_rss_feeds')), 
	CONSTRAINT fk_jobs_request_id_requests FOREIGN KEY(request_id) REFERENCES requests (id) ON DELETE SET NULL
);
INSERT INTO jobs VALUES('fb05d4127da35dfaab34b929830f3d5c','search_indexers','pending',1,1,1,'{"row": 0, "items": ["jobs-0"]}','{"row": 0, "items": ["jobs-0"]}','jobs.error_message 0','jobs.stack_trace 0','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000','jobs.locked_by 0','jobs.dedupe_key 0','jobs.released_dedupe_key 0','2bcbdc9c028c53a4820a536188e9917b','2026-01-02 03:04:05.000000','2026-01-02 03:04:05.000000');
INSERT INTO jobs VALUES('79323ff3e0365f55951cbda06d10f23a','download_torrent','active',2,2,2,'{"row": 1, "items": ["jobs-1"]}','{"row": 1, "items": ["jobs-1"]}','jobs.error_message 1','jobs.stack_trace 1','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000','jobs.locked_by 1','jobs.dedupe_key 1','jobs.released_dedupe_key 1','7e292288c4dd57baa16037addea277c6','2026-01-03 03:04:05.000000','2026-01-03 03:04:05.000000');
INSERT INTO jobs VALUES('a96ed7bf0f1a59c4a6ca17c115f5f566','monitor_download','completed',3,3,3,'{"row": 2, "items": ["jobs-2"]}','{"row": 2, "items": ["jobs-2"]}','jobs.error_message 2','jobs.stack_trace 2','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000','jobs.locked_by 2','jobs.dedupe_key 2','jobs.released_dedupe_key 2','2520282d65405dca925dc8e1d52fc207','2026-01-04 03:04:05.000000','2026-01-04 03:04:05.000000');
CREATE TABLE request_status_changes (
	request_id CHAR(32) NOT NULL, 
	from_status VARCHAR(20), 
	to_status VARCHAR(20) NOT NULL, 
	reason TEXT, 
	created_at DATETIME NOT NULL, 
	sequence BIGINT DEFAULT '0' NOT NULL, 
	id CHAR(32) NOT NULL, 
	CONSTRAINT pk_request_status_changes PRIMARY KEY (id), 
	CONSTRAINT fk_request_status_changes_request_id_requests FOREIGN KEY(request_id) REFERENCES requests (id) ON DELETE CASCADE
);
INSERT INTO request_status_changes VALUES('fb05d4127da35dfaab34b929830f3d5c','hanges.from_status 0','_changes.to_status 0','request_status_changes.reason 0','2026-01-02 03:04:05.000000',1,'4ee8dc2d1caf5c0db9e77b0bd8f12703');
INSERT INTO request_status_changes VALUES('79323ff3e0365f55951cbda06d10f23a','hanges.from_status 1','_changes.to_status 1','request_status_changes.reason 1','2026-01-03 03:04:05.000000',2,'9b33e81af5c95f579450879218445a54');
INSERT INTO request_status_changes VALUES('a96ed7bf0f1a59c4a6ca17c115f5f566','hanges.from_status 2','_changes.to_status 2','request_status_changes.reason 2','2026-01-04 03:04:05.000000',3,'9a76abf34a4d54f982349c94aab74028');
CREATE TABLE job_events (
	job_id CHAR(32) NOT NULL, 
	level VARCHAR(8) NOT NULL, 
	context VARCHAR(128) NOT NULL, 
	message TEXT NOT NULL, 
	metadata JSON, 
	created_at DATETIME NOT NULL, 
	id CHAR(32) NOT NULL, 
	CONSTRAINT pk_job_events PRIMARY KEY (id), 
	CONSTRAINT ck_job_events_level CHECK (level IN ('info', 'warn', 'error')), 
	CONSTRAINT fk_job_events_job_id_jobs FOREIGN KEY(job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
INSERT INTO job_events VALUES('2bcbdc9c028c53a4820a536188e9917b','info','job_events.context 0','job_events.message 0','{"row": 0, "items": ["job_events-0"]}','2026-01-02 03:04:05.000000','2781e50c952754faab3352288fa9975d');
INSERT INTO job_events VALUES('7e292288c4dd57baa16037addea277c6','warn','job_events.context 1','job_events.message 1','{"row": 1, "items": ["job_events-1"]}','2026-01-03 03:04:05.000000','a49d447e68105ad2b9c16c7400ef8b32');
INSERT INTO job_events VALUES('2520282d65405dca925dc8e1d52fc207','error','job_events.context 2','job_events.message 2','{"row": 2, "items": ["job_events-2"]}','2026-01-04 03:04:05.000000','4c1cefd8e7ff51168588001962a0e04e');
CREATE INDEX ix_audible_cache_title ON audible_cache (title);
CREATE INDEX ix_audible_cache_author ON audible_cache (author);
CREATE INDEX ix_audible_cache_is_popular ON audible_cache (is_popular);
CREATE INDEX ix_audible_cache_is_new_release ON audible_cache (is_new_release);
CREATE INDEX ix_audible_cache_popular_rank ON audible_cache (popular_rank);
CREATE INDEX ix_audible_cache_new_release_rank ON audible_cache (new_release_rank);
CREATE UNIQUE INDEX ix_audiobooks_audible_asin ON audiobooks (audible_asin);
CREATE INDEX ix_audiobooks_author ON audiobooks (author);
CREATE INDEX ix_audiobooks_status ON audiobooks (status);
CREATE INDEX ix_audiobooks_plex_guid ON audiobooks (plex_guid);
CREATE INDEX ix_audiobooks_title ON audiobooks (title);
CREATE INDEX ix_configuration_category ON configuration (category);
CREATE INDEX ix_login_failures_subject_failed_at ON login_failures (subject, failed_at);
CREATE INDEX ix_plex_library_library_id ON plex_library (library_id);
CREATE INDEX ix_plex_library_asin ON plex_library (asin);
CREATE INDEX ix_plex_logins_expires_at ON plex_logins (expires_at);
CREATE UNIQUE INDEX uq_users_one_setup_admin ON users (is_setup_admin) WHERE is_setup_admin;
CREATE INDEX ix_users_role ON users (role);
CREATE INDEX ix_bookdate_recommendations_user_id_batch_id ON bookdate_recommendations (user_id, batch_id);
CREATE INDEX ix_bookdate_recommendations_user_id_status_position ON bookdate_recommendations (user_id, status, position);
CREATE INDEX ix_requests_user_id ON requests (user_id);
CREATE INDEX ix_requests_audiobook_id ON requests (audiobook_id);
CREATE INDEX ix_requests_created_at_desc ON requests (created_at);
CREATE INDEX ix_requests_status ON requests (status);
CREATE INDEX ix_requests_user_id_created_at ON requests (user_id, created_at);
CREATE INDEX ix_bookdate_swipes_recommendation_id ON bookdate_swipes (recommendation_id);
CREATE INDEX ix_bookdate_swipes_user_id_sequence ON bookdate_swipes (user_id, sequence);
CREATE INDEX ix_download_history_selected ON download_history (selected);
CREATE INDEX ix_download_history_request_id ON download_history (request_id);
CREATE INDEX ix_download_history_created_at_desc ON download_history (created_at);
CREATE INDEX ix_jobs_request_id ON jobs (request_id);
CREATE INDEX ix_jobs_type ON jobs (type);
CREATE UNIQUE INDEX ix_jobs_dedupe_key ON jobs (dedupe_key);
CREATE INDEX ix_jobs_created_at_desc ON jobs (created_at);
CREATE INDEX ix_jobs_claim ON jobs (status, run_after, priority);
CREATE INDEX ix_jobs_status ON jobs (status);
CREATE INDEX ix_request_status_changes_request_id_created_at ON request_status_changes (request_id, created_at);
CREATE INDEX ix_job_events_job_id ON job_events (job_id);
CREATE INDEX ix_job_events_created_at ON job_events (created_at);
COMMIT;
