--
-- PostgreSQL database dump
--

\restrict DOu3EKpFwg4C67d6JlfW98fdUAc7EdfjsPWvdP8YV4t69j2fCtICn7cPWbPcJho

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audible_cache; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audible_cache (
    asin character varying(16) NOT NULL,
    title text NOT NULL,
    subtitle text,
    author text NOT NULL,
    narrator text,
    series text,
    series_position character varying(32),
    language character varying(32),
    description text,
    cover_art_url text,
    cached_cover_path text,
    duration_minutes integer,
    release_date character varying(32),
    rating double precision,
    genres jsonb,
    is_popular boolean NOT NULL,
    is_new_release boolean NOT NULL,
    popular_rank integer,
    new_release_rank integer,
    last_synced_at timestamp with time zone,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: audiobooks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audiobooks (
    audible_asin character varying(16),
    title text NOT NULL,
    author text NOT NULL,
    narrator text,
    description text,
    cover_art_url text,
    file_path text,
    file_format character varying(16),
    file_size_bytes bigint,
    plex_guid text,
    plex_library_id character varying(64),
    status character varying(16) NOT NULL,
    completed_at timestamp with time zone,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_audiobooks_status CHECK (((status)::text = ANY ((ARRAY['requested'::character varying, 'downloading'::character varying, 'processing'::character varying, 'completed'::character varying, 'failed'::character varying])::text[])))
);


--
-- Name: bookdate_recommendations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bookdate_recommendations (
    user_id uuid NOT NULL,
    batch_id character varying(40) NOT NULL,
    asin character varying(16) NOT NULL,
    title text NOT NULL,
    author text NOT NULL,
    narrator text,
    description text,
    cover_url text,
    rating double precision,
    reason text NOT NULL,
    "position" integer NOT NULL,
    status character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    id uuid NOT NULL,
    CONSTRAINT ck_bookdate_recommendations_status CHECK (((status)::text = ANY ((ARRAY['shown'::character varying, 'swiped'::character varying])::text[])))
);


--
-- Name: bookdate_swipes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bookdate_swipes (
    user_id uuid NOT NULL,
    recommendation_id uuid,
    asin character varying(16) NOT NULL,
    title text NOT NULL,
    author text NOT NULL,
    direction character varying(8) NOT NULL,
    request_id uuid,
    sequence integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    id uuid NOT NULL,
    CONSTRAINT ck_bookdate_swipes_direction CHECK (((direction)::text = ANY ((ARRAY['left'::character varying, 'right'::character varying, 'up'::character varying])::text[])))
);


--
-- Name: configuration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.configuration (
    key character varying(255) NOT NULL,
    value text,
    encrypted boolean NOT NULL,
    category character varying(64),
    description text,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: download_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.download_history (
    request_id uuid NOT NULL,
    indexer_name character varying(255),
    torrent_name text,
    torrent_hash character varying(64),
    torrent_size_bytes bigint,
    magnet_link text,
    torrent_url text,
    seeders integer,
    leechers integer,
    quality_score double precision,
    selected boolean NOT NULL,
    download_client character varying(64),
    download_client_id character varying(255),
    download_status character varying(16) NOT NULL,
    download_error text,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    score_breakdown jsonb,
    release_guid text,
    protocol character varying(16),
    download_path text,
    accepted boolean DEFAULT false NOT NULL,
    blocklisted boolean DEFAULT false NOT NULL,
    progress_fraction double precision,
    last_progress_at timestamp with time zone,
    removed_from_client_at timestamp with time zone,
    id uuid NOT NULL,
    CONSTRAINT ck_download_history_download_status CHECK (((download_status)::text = ANY ((ARRAY['queued'::character varying, 'downloading'::character varying, 'completed'::character varying, 'failed'::character varying, 'stalled'::character varying])::text[])))
);


--
-- Name: job_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.job_events (
    job_id uuid NOT NULL,
    level character varying(8) NOT NULL,
    context character varying(128) NOT NULL,
    message text NOT NULL,
    metadata jsonb,
    created_at timestamp with time zone NOT NULL,
    id uuid NOT NULL,
    CONSTRAINT ck_job_events_level CHECK (((level)::text = ANY ((ARRAY['info'::character varying, 'warn'::character varying, 'error'::character varying])::text[])))
);


--
-- Name: jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jobs (
    request_id uuid,
    type character varying(40) NOT NULL,
    status character varying(16) NOT NULL,
    priority integer NOT NULL,
    attempts integer NOT NULL,
    max_attempts integer NOT NULL,
    payload jsonb NOT NULL,
    result jsonb,
    error_message text,
    stack_trace text,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    run_after timestamp with time zone NOT NULL,
    locked_until timestamp with time zone,
    locked_by character varying(128),
    dedupe_key character varying(255),
    released_dedupe_key character varying(255),
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_jobs_status CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'active'::character varying, 'completed'::character varying, 'failed'::character varying, 'delayed'::character varying, 'stuck'::character varying])::text[]))),
    CONSTRAINT ck_jobs_type CHECK (((type)::text = ANY ((ARRAY['search_indexers'::character varying, 'download_torrent'::character varying, 'monitor_download'::character varying, 'organize_files'::character varying, 'scan_plex'::character varying, 'match_plex'::character varying, 'plex_library_scan'::character varying, 'plex_recently_added_check'::character varying, 'audible_refresh'::character varying, 'retry_missing_torrents'::character varying, 'retry_failed_imports'::character varying, 'cleanup_seeded_torrents'::character varying, 'monitor_rss_feeds'::character varying])::text[])))
);


--
-- Name: login_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_failures (
    subject character varying(64) NOT NULL,
    failed_at timestamp with time zone NOT NULL,
    id uuid NOT NULL
);


--
-- Name: plex_library; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plex_library (
    plex_guid character varying(512) NOT NULL,
    rating_key character varying(64) NOT NULL,
    library_id character varying(64) NOT NULL,
    title text NOT NULL,
    author text NOT NULL,
    narrator text,
    year integer,
    duration_ms bigint,
    asin character varying(16),
    isbn character varying(20),
    file_path text,
    thumb text,
    user_rating double precision,
    added_at timestamp with time zone,
    last_scanned_at timestamp with time zone,
    title_key text NOT NULL,
    author_key text NOT NULL,
    narrator_key text NOT NULL,
    fingerprint character varying(32),
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: plex_logins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plex_logins (
    pin_id character varying(32) NOT NULL,
    secret_hash character varying(64) NOT NULL,
    main_token text,
    expires_at timestamp with time zone NOT NULL,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: request_status_changes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.request_status_changes (
    request_id uuid NOT NULL,
    from_status character varying(20),
    to_status character varying(20) NOT NULL,
    reason text,
    created_at timestamp with time zone NOT NULL,
    sequence bigint DEFAULT '0'::bigint NOT NULL,
    id uuid NOT NULL
);


--
-- Name: requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.requests (
    user_id uuid NOT NULL,
    audiobook_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    progress integer NOT NULL,
    priority integer NOT NULL,
    error_message text,
    search_attempts integer NOT NULL,
    download_attempts integer NOT NULL,
    import_attempts integer NOT NULL,
    max_import_retries integer NOT NULL,
    last_search_at timestamp with time zone,
    last_import_at timestamp with time zone,
    completed_at timestamp with time zone,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_requests_progress_range CHECK (((progress >= 0) AND (progress <= 100))),
    CONSTRAINT ck_requests_status CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'searching'::character varying, 'downloading'::character varying, 'processing'::character varying, 'downloaded'::character varying, 'available'::character varying, 'failed'::character varying, 'cancelled'::character varying, 'awaiting_search'::character varying, 'awaiting_import'::character varying, 'warn'::character varying])::text[])))
);


--
-- Name: scheduled_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.scheduled_jobs (
    name character varying(80) NOT NULL,
    job_type character varying(40) NOT NULL,
    cron character varying(120) NOT NULL,
    enabled boolean NOT NULL,
    payload jsonb NOT NULL,
    last_run_at timestamp with time zone,
    next_run_at timestamp with time zone,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    plex_id character varying(255) NOT NULL,
    plex_username character varying(255) NOT NULL,
    plex_email character varying(320),
    role character varying(16) NOT NULL,
    is_setup_admin boolean NOT NULL,
    avatar_url text,
    auth_token text,
    last_login_at timestamp with time zone,
    plex_home_user_id character varying(255),
    bookdate_library_scope character varying(16) NOT NULL,
    bookdate_custom_prompt text,
    bookdate_onboarding_complete boolean NOT NULL,
    session_version integer DEFAULT 0 NOT NULL,
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_users_bookdate_library_scope CHECK (((bookdate_library_scope)::text = ANY ((ARRAY['full'::character varying, 'rated'::character varying])::text[]))),
    CONSTRAINT ck_users_role CHECK (((role)::text = ANY ((ARRAY['user'::character varying, 'admin'::character varying])::text[])))
);


--
-- Data for Name: audible_cache; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audible_cache VALUES ('ble_cache.asin 0', 'audible_cache.title 0', 'audible_cache.subtitle 0', 'audible_cache.author 0', 'audible_cache.narrator 0', 'audible_cache.series 0', 'audible_cache.series_position 0', 'audible_cache.language 0', 'audible_cache.description 0', 'audible_cache.cover_art_url 0', 'audible_cache.cached_cover_path 0', 1, 'audible_cache.release_date 0', 0.5, '{"row": 0, "items": ["audible_cache-0"]}', true, true, 1, 1, '2026-01-02 03:04:05+00', 'f7bae826-4996-5a80-9d87-086724561e25', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.audible_cache VALUES ('ble_cache.asin 1', 'audible_cache.title 1', 'audible_cache.subtitle 1', 'audible_cache.author 1', 'audible_cache.narrator 1', 'audible_cache.series 1', 'audible_cache.series_position 1', 'audible_cache.language 1', 'audible_cache.description 1', 'audible_cache.cover_art_url 1', 'audible_cache.cached_cover_path 1', 2, 'audible_cache.release_date 1', 1.5, '{"row": 1, "items": ["audible_cache-1"]}', false, false, 2, 2, '2026-01-03 03:04:05+00', '6e7539e1-9f33-5ae5-bd43-dbac06cb0c4b', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.audible_cache VALUES ('ble_cache.asin 2', 'audible_cache.title 2', 'audible_cache.subtitle 2', 'audible_cache.author 2', 'audible_cache.narrator 2', 'audible_cache.series 2', 'audible_cache.series_position 2', 'audible_cache.language 2', 'audible_cache.description 2', 'audible_cache.cover_art_url 2', 'audible_cache.cached_cover_path 2', 3, 'audible_cache.release_date 2', 2.5, '{"row": 2, "items": ["audible_cache-2"]}', false, false, 3, 3, '2026-01-04 03:04:05+00', 'f298a176-1905-5989-b8e7-a02423d0290d', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: audiobooks; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audiobooks VALUES ('s.audible_asin 0', 'audiobooks.title 0', 'audiobooks.author 0', 'audiobooks.narrator 0', 'audiobooks.description 0', 'audiobooks.cover_art_url 0', 'audiobooks.file_path 0', 'ks.file_format 0', 1, 'audiobooks.plex_guid 0', 'audiobooks.plex_library_id 0', 'requested', '2026-01-02 03:04:05+00', 'a9b393c2-871b-58e1-9557-a8adf900c811', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.audiobooks VALUES ('s.audible_asin 1', 'audiobooks.title 1', 'audiobooks.author 1', 'audiobooks.narrator 1', 'audiobooks.description 1', 'audiobooks.cover_art_url 1', 'audiobooks.file_path 1', 'ks.file_format 1', 2, 'audiobooks.plex_guid 1', 'audiobooks.plex_library_id 1', 'downloading', '2026-01-03 03:04:05+00', '2a8ac980-b2ce-5a24-8511-49d333c613a7', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.audiobooks VALUES ('s.audible_asin 2', 'audiobooks.title 2', 'audiobooks.author 2', 'audiobooks.narrator 2', 'audiobooks.description 2', 'audiobooks.cover_art_url 2', 'audiobooks.file_path 2', 'ks.file_format 2', 3, 'audiobooks.plex_guid 2', 'audiobooks.plex_library_id 2', 'processing', '2026-01-04 03:04:05+00', 'cbce9da2-befb-5882-8d6d-0bcc6a0a93ab', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: bookdate_recommendations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.bookdate_recommendations VALUES ('5585e862-515d-5ae0-88ad-6dfbd6cac676', 'bookdate_recommendations.batch_id 0', 'endations.asin 0', 'bookdate_recommendations.title 0', 'bookdate_recommendations.author 0', 'bookdate_recommendations.narrator 0', 'bookdate_recommendations.description 0', 'bookdate_recommendations.cover_url 0', 0.5, 'bookdate_recommendations.reason 0', 1, 'shown', '2026-01-02 03:04:05+00', 'bbda2f54-b1a0-57d2-8b59-fc1cfe1edd75');
INSERT INTO public.bookdate_recommendations VALUES ('084a38be-b40d-5560-beb1-4eb9e3ae3c3b', 'bookdate_recommendations.batch_id 1', 'endations.asin 1', 'bookdate_recommendations.title 1', 'bookdate_recommendations.author 1', 'bookdate_recommendations.narrator 1', 'bookdate_recommendations.description 1', 'bookdate_recommendations.cover_url 1', 1.5, 'bookdate_recommendations.reason 1', 2, 'swiped', '2026-01-03 03:04:05+00', '20e07f16-3ffa-5a5c-bbdf-b02b1e12c28d');
INSERT INTO public.bookdate_recommendations VALUES ('7a6e0cbe-9e12-5a8a-811c-0e4ac873c0b5', 'bookdate_recommendations.batch_id 2', 'endations.asin 2', 'bookdate_recommendations.title 2', 'bookdate_recommendations.author 2', 'bookdate_recommendations.narrator 2', 'bookdate_recommendations.description 2', 'bookdate_recommendations.cover_url 2', 2.5, 'bookdate_recommendations.reason 2', 3, 'shown', '2026-01-04 03:04:05+00', '027621c1-5fa7-5fed-8b4c-80ab842225fb');


--
-- Data for Name: bookdate_swipes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.bookdate_swipes VALUES ('5585e862-515d-5ae0-88ad-6dfbd6cac676', 'bbda2f54-b1a0-57d2-8b59-fc1cfe1edd75', 'te_swipes.asin 0', 'bookdate_swipes.title 0', 'bookdate_swipes.author 0', 'left', 'fb05d412-7da3-5dfa-ab34-b929830f3d5c', 1, '2026-01-02 03:04:05+00', '9f1fdd5c-b07a-5210-a830-9d80ff6a12ad');
INSERT INTO public.bookdate_swipes VALUES ('084a38be-b40d-5560-beb1-4eb9e3ae3c3b', '20e07f16-3ffa-5a5c-bbdf-b02b1e12c28d', 'te_swipes.asin 1', 'bookdate_swipes.title 1', 'bookdate_swipes.author 1', 'right', '79323ff3-e036-5f55-951c-bda06d10f23a', 2, '2026-01-03 03:04:05+00', '79b32c0f-7927-5561-a3b4-da6587226b12');
INSERT INTO public.bookdate_swipes VALUES ('7a6e0cbe-9e12-5a8a-811c-0e4ac873c0b5', '027621c1-5fa7-5fed-8b4c-80ab842225fb', 'te_swipes.asin 2', 'bookdate_swipes.title 2', 'bookdate_swipes.author 2', 'up', 'a96ed7bf-0f1a-59c4-a6ca-17c115f5f566', 3, '2026-01-04 03:04:05+00', '304cb964-0c22-50d6-8c75-9b3e934ccbcc');


--
-- Data for Name: configuration; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.configuration VALUES ('configuration.key 0', 'configuration.value 0', true, 'configuration.category 0', 'configuration.description 0', '45862518-159c-5078-8b74-a9e0ef4e0c2f', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.configuration VALUES ('configuration.key 1', 'configuration.value 1', false, 'configuration.category 1', 'configuration.description 1', '910e6426-31e0-5399-8361-4e54966c243d', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.configuration VALUES ('configuration.key 2', 'configuration.value 2', false, 'configuration.category 2', 'configuration.description 2', '877b31e4-414c-54df-9f79-aed030999120', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: download_history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.download_history VALUES ('fb05d412-7da3-5dfa-ab34-b929830f3d5c', 'download_history.indexer_name 0', 'download_history.torrent_name 0', 'download_history.torrent_hash 0', 1, 'download_history.magnet_link 0', 'download_history.torrent_url 0', 1, 1, 0.5, true, 'download_history.download_client 0', 'download_history.download_client_id 0', 'queued', 'download_history.download_error 0', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', '{"row": 0, "items": ["download_history-0"]}', 'download_history.release_guid 0', 'story.protocol 0', 'download_history.download_path 0', true, true, 0.5, '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', 'eefce92f-0b55-5a45-ad4f-57688e2ea4ac');
INSERT INTO public.download_history VALUES ('79323ff3-e036-5f55-951c-bda06d10f23a', 'download_history.indexer_name 1', 'download_history.torrent_name 1', 'download_history.torrent_hash 1', 2, 'download_history.magnet_link 1', 'download_history.torrent_url 1', 2, 2, 1.5, false, 'download_history.download_client 1', 'download_history.download_client_id 1', 'downloading', 'download_history.download_error 1', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', '{"row": 1, "items": ["download_history-1"]}', 'download_history.release_guid 1', 'story.protocol 1', 'download_history.download_path 1', false, false, 1.5, '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', 'e25dcdc3-0c7b-5e96-afc8-5731873a8524');
INSERT INTO public.download_history VALUES ('a96ed7bf-0f1a-59c4-a6ca-17c115f5f566', 'download_history.indexer_name 2', 'download_history.torrent_name 2', 'download_history.torrent_hash 2', 3, 'download_history.magnet_link 2', 'download_history.torrent_url 2', 3, 3, 2.5, false, 'download_history.download_client 2', 'download_history.download_client_id 2', 'completed', 'download_history.download_error 2', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', '{"row": 2, "items": ["download_history-2"]}', 'download_history.release_guid 2', 'story.protocol 2', 'download_history.download_path 2', false, false, 2.5, '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', 'e041fbbe-1f71-53d6-990f-0c903d4a41e9');


--
-- Data for Name: job_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.job_events VALUES ('2bcbdc9c-028c-53a4-820a-536188e9917b', 'info', 'job_events.context 0', 'job_events.message 0', '{"row": 0, "items": ["job_events-0"]}', '2026-01-02 03:04:05+00', '2781e50c-9527-54fa-ab33-52288fa9975d');
INSERT INTO public.job_events VALUES ('7e292288-c4dd-57ba-a160-37addea277c6', 'warn', 'job_events.context 1', 'job_events.message 1', '{"row": 1, "items": ["job_events-1"]}', '2026-01-03 03:04:05+00', 'a49d447e-6810-5ad2-b9c1-6c7400ef8b32');
INSERT INTO public.job_events VALUES ('2520282d-6540-5dca-925d-c8e1d52fc207', 'error', 'job_events.context 2', 'job_events.message 2', '{"row": 2, "items": ["job_events-2"]}', '2026-01-04 03:04:05+00', '4c1cefd8-e7ff-5116-8588-001962a0e04e');


--
-- Data for Name: jobs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jobs VALUES ('fb05d412-7da3-5dfa-ab34-b929830f3d5c', 'search_indexers', 'pending', 1, 1, 1, '{"row": 0, "items": ["jobs-0"]}', '{"row": 0, "items": ["jobs-0"]}', 'jobs.error_message 0', 'jobs.stack_trace 0', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', 'jobs.locked_by 0', 'jobs.dedupe_key 0', 'jobs.released_dedupe_key 0', '2bcbdc9c-028c-53a4-820a-536188e9917b', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.jobs VALUES ('79323ff3-e036-5f55-951c-bda06d10f23a', 'download_torrent', 'active', 2, 2, 2, '{"row": 1, "items": ["jobs-1"]}', '{"row": 1, "items": ["jobs-1"]}', 'jobs.error_message 1', 'jobs.stack_trace 1', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', 'jobs.locked_by 1', 'jobs.dedupe_key 1', 'jobs.released_dedupe_key 1', '7e292288-c4dd-57ba-a160-37addea277c6', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.jobs VALUES ('a96ed7bf-0f1a-59c4-a6ca-17c115f5f566', 'monitor_download', 'completed', 3, 3, 3, '{"row": 2, "items": ["jobs-2"]}', '{"row": 2, "items": ["jobs-2"]}', 'jobs.error_message 2', 'jobs.stack_trace 2', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', 'jobs.locked_by 2', 'jobs.dedupe_key 2', 'jobs.released_dedupe_key 2', '2520282d-6540-5dca-925d-c8e1d52fc207', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: login_failures; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.login_failures VALUES ('login_failures.subject 0', '2026-01-02 03:04:05+00', '6dac5ad6-9f2e-5d28-94ff-6601d97feb3a');
INSERT INTO public.login_failures VALUES ('login_failures.subject 1', '2026-01-03 03:04:05+00', '5e417158-c0a9-5045-b83b-b5965602736b');
INSERT INTO public.login_failures VALUES ('login_failures.subject 2', '2026-01-04 03:04:05+00', '5888bc12-37c0-5213-979a-18b03e7db200');


--
-- Data for Name: plex_library; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.plex_library VALUES ('plex_library.plex_guid 0', 'plex_library.rating_key 0', 'plex_library.library_id 0', 'plex_library.title 0', 'plex_library.author 0', 'plex_library.narrator 0', 1, 1, 'x_library.asin 0', 'plex_library.isbn 0', 'plex_library.file_path 0', 'plex_library.thumb 0', 0.5, '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', 'plex_library.title_key 0', 'plex_library.author_key 0', 'plex_library.narrator_key 0', 'plex_library.fingerprint 0', '52688a5e-2547-551c-9893-32fd95794926', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.plex_library VALUES ('plex_library.plex_guid 1', 'plex_library.rating_key 1', 'plex_library.library_id 1', 'plex_library.title 1', 'plex_library.author 1', 'plex_library.narrator 1', 2, 2, 'x_library.asin 1', 'plex_library.isbn 1', 'plex_library.file_path 1', 'plex_library.thumb 1', 1.5, '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', 'plex_library.title_key 1', 'plex_library.author_key 1', 'plex_library.narrator_key 1', 'plex_library.fingerprint 1', '8837dc16-8a2d-5e4e-8ce3-fb30e8c4c929', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.plex_library VALUES ('plex_library.plex_guid 2', 'plex_library.rating_key 2', 'plex_library.library_id 2', 'plex_library.title 2', 'plex_library.author 2', 'plex_library.narrator 2', 3, 3, 'x_library.asin 2', 'plex_library.isbn 2', 'plex_library.file_path 2', 'plex_library.thumb 2', 2.5, '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', 'plex_library.title_key 2', 'plex_library.author_key 2', 'plex_library.narrator_key 2', 'plex_library.fingerprint 2', 'b499c8cf-1e04-5e74-9ae9-1f96490dc1cf', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: plex_logins; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.plex_logins VALUES ('plex_logins.pin_id 0', 'plex_logins.secret_hash 0', 'plex_logins.main_token 0', '2026-01-02 03:04:05+00', '8a33bc3c-38f7-5cc7-984c-67d201300aaa', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.plex_logins VALUES ('plex_logins.pin_id 1', 'plex_logins.secret_hash 1', 'plex_logins.main_token 1', '2026-01-03 03:04:05+00', 'a1954a82-b4cf-5bfb-9016-cc968ad0be3c', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.plex_logins VALUES ('plex_logins.pin_id 2', 'plex_logins.secret_hash 2', 'plex_logins.main_token 2', '2026-01-04 03:04:05+00', 'bb4ecc6a-ab7b-5515-9977-d12da1dc6fd1', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: request_status_changes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.request_status_changes VALUES ('fb05d412-7da3-5dfa-ab34-b929830f3d5c', 'hanges.from_status 0', '_changes.to_status 0', 'request_status_changes.reason 0', '2026-01-02 03:04:05+00', 1, '4ee8dc2d-1caf-5c0d-b9e7-7b0bd8f12703');
INSERT INTO public.request_status_changes VALUES ('79323ff3-e036-5f55-951c-bda06d10f23a', 'hanges.from_status 1', '_changes.to_status 1', 'request_status_changes.reason 1', '2026-01-03 03:04:05+00', 2, '9b33e81a-f5c9-5f57-9450-879218445a54');
INSERT INTO public.request_status_changes VALUES ('a96ed7bf-0f1a-59c4-a6ca-17c115f5f566', 'hanges.from_status 2', '_changes.to_status 2', 'request_status_changes.reason 2', '2026-01-04 03:04:05+00', 3, '9a76abf3-4a4d-54f9-8234-9c94aab74028');


--
-- Data for Name: requests; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.requests VALUES ('5585e862-515d-5ae0-88ad-6dfbd6cac676', 'a9b393c2-871b-58e1-9557-a8adf900c811', 'pending', 1, 1, 'requests.error_message 0', 1, 1, 1, 1, '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', 'fb05d412-7da3-5dfa-ab34-b929830f3d5c', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.requests VALUES ('084a38be-b40d-5560-beb1-4eb9e3ae3c3b', '2a8ac980-b2ce-5a24-8511-49d333c613a7', 'searching', 2, 2, 'requests.error_message 1', 2, 2, 2, 2, '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', '79323ff3-e036-5f55-951c-bda06d10f23a', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.requests VALUES ('7a6e0cbe-9e12-5a8a-811c-0e4ac873c0b5', 'cbce9da2-befb-5882-8d6d-0bcc6a0a93ab', 'downloading', 3, 3, 'requests.error_message 2', 3, 3, 3, 3, '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', 'a96ed7bf-0f1a-59c4-a6ca-17c115f5f566', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: scheduled_jobs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.scheduled_jobs VALUES ('scheduled_jobs.name 0', 'scheduled_jobs.job_type 0', 'scheduled_jobs.cron 0', true, '{"row": 0, "items": ["scheduled_jobs-0"]}', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00', '943152c5-f772-5564-a49f-d5b512309b99', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.scheduled_jobs VALUES ('scheduled_jobs.name 1', 'scheduled_jobs.job_type 1', 'scheduled_jobs.cron 1', false, '{"row": 1, "items": ["scheduled_jobs-1"]}', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00', 'fd31716e-9455-5f93-acaa-03131bf26c58', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.scheduled_jobs VALUES ('scheduled_jobs.name 2', 'scheduled_jobs.job_type 2', 'scheduled_jobs.cron 2', false, '{"row": 2, "items": ["scheduled_jobs-2"]}', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00', '255f22b0-4e3c-5fee-8849-0cd310c7df92', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES ('users.plex_id 0', 'users.plex_username 0', 'users.plex_email 0', 'user', true, 'users.avatar_url 0', 'users.auth_token 0', '2026-01-02 03:04:05+00', 'users.plex_home_user_id 0', 'full', 'users.bookdate_custom_prompt 0', true, 1, '5585e862-515d-5ae0-88ad-6dfbd6cac676', '2026-01-02 03:04:05+00', '2026-01-02 03:04:05+00');
INSERT INTO public.users VALUES ('users.plex_id 1', 'users.plex_username 1', 'users.plex_email 1', 'admin', false, 'users.avatar_url 1', 'users.auth_token 1', '2026-01-03 03:04:05+00', 'users.plex_home_user_id 1', 'rated', 'users.bookdate_custom_prompt 1', false, 2, '084a38be-b40d-5560-beb1-4eb9e3ae3c3b', '2026-01-03 03:04:05+00', '2026-01-03 03:04:05+00');
INSERT INTO public.users VALUES ('users.plex_id 2', 'users.plex_username 2', 'users.plex_email 2', 'user', false, 'users.avatar_url 2', 'users.auth_token 2', '2026-01-04 03:04:05+00', 'users.plex_home_user_id 2', 'full', 'users.bookdate_custom_prompt 2', false, 3, '7a6e0cbe-9e12-5a8a-811c-0e4ac873c0b5', '2026-01-04 03:04:05+00', '2026-01-04 03:04:05+00');


--
-- Name: audible_cache pk_audible_cache; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audible_cache
    ADD CONSTRAINT pk_audible_cache PRIMARY KEY (id);


--
-- Name: audiobooks pk_audiobooks; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audiobooks
    ADD CONSTRAINT pk_audiobooks PRIMARY KEY (id);


--
-- Name: bookdate_recommendations pk_bookdate_recommendations; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_recommendations
    ADD CONSTRAINT pk_bookdate_recommendations PRIMARY KEY (id);


--
-- Name: bookdate_swipes pk_bookdate_swipes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_swipes
    ADD CONSTRAINT pk_bookdate_swipes PRIMARY KEY (id);


--
-- Name: configuration pk_configuration; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.configuration
    ADD CONSTRAINT pk_configuration PRIMARY KEY (id);


--
-- Name: download_history pk_download_history; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.download_history
    ADD CONSTRAINT pk_download_history PRIMARY KEY (id);


--
-- Name: job_events pk_job_events; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_events
    ADD CONSTRAINT pk_job_events PRIMARY KEY (id);


--
-- Name: jobs pk_jobs; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT pk_jobs PRIMARY KEY (id);


--
-- Name: login_failures pk_login_failures; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_failures
    ADD CONSTRAINT pk_login_failures PRIMARY KEY (id);


--
-- Name: plex_library pk_plex_library; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plex_library
    ADD CONSTRAINT pk_plex_library PRIMARY KEY (id);


--
-- Name: plex_logins pk_plex_logins; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plex_logins
    ADD CONSTRAINT pk_plex_logins PRIMARY KEY (id);


--
-- Name: request_status_changes pk_request_status_changes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request_status_changes
    ADD CONSTRAINT pk_request_status_changes PRIMARY KEY (id);


--
-- Name: requests pk_requests; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT pk_requests PRIMARY KEY (id);


--
-- Name: scheduled_jobs pk_scheduled_jobs; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scheduled_jobs
    ADD CONSTRAINT pk_scheduled_jobs PRIMARY KEY (id);


--
-- Name: users pk_users; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (id);


--
-- Name: audible_cache uq_audible_cache_asin; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audible_cache
    ADD CONSTRAINT uq_audible_cache_asin UNIQUE (asin);


--
-- Name: bookdate_recommendations uq_bookdate_recommendations_user_id_asin; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_recommendations
    ADD CONSTRAINT uq_bookdate_recommendations_user_id_asin UNIQUE (user_id, asin);


--
-- Name: configuration uq_configuration_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.configuration
    ADD CONSTRAINT uq_configuration_key UNIQUE (key);


--
-- Name: plex_library uq_plex_library_plex_guid; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plex_library
    ADD CONSTRAINT uq_plex_library_plex_guid UNIQUE (plex_guid);


--
-- Name: plex_logins uq_plex_logins_pin_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plex_logins
    ADD CONSTRAINT uq_plex_logins_pin_id UNIQUE (pin_id);


--
-- Name: requests uq_requests_user_id_audiobook_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT uq_requests_user_id_audiobook_id UNIQUE (user_id, audiobook_id);


--
-- Name: scheduled_jobs uq_scheduled_jobs_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scheduled_jobs
    ADD CONSTRAINT uq_scheduled_jobs_name UNIQUE (name);


--
-- Name: users uq_users_plex_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT uq_users_plex_id UNIQUE (plex_id);


--
-- Name: ix_audible_cache_author; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audible_cache_author ON public.audible_cache USING btree (author);


--
-- Name: ix_audible_cache_is_new_release; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audible_cache_is_new_release ON public.audible_cache USING btree (is_new_release);


--
-- Name: ix_audible_cache_is_popular; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audible_cache_is_popular ON public.audible_cache USING btree (is_popular);


--
-- Name: ix_audible_cache_new_release_rank; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audible_cache_new_release_rank ON public.audible_cache USING btree (new_release_rank);


--
-- Name: ix_audible_cache_popular_rank; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audible_cache_popular_rank ON public.audible_cache USING btree (popular_rank);


--
-- Name: ix_audible_cache_title; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audible_cache_title ON public.audible_cache USING btree (title);


--
-- Name: ix_audiobooks_audible_asin; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_audiobooks_audible_asin ON public.audiobooks USING btree (audible_asin);


--
-- Name: ix_audiobooks_author; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audiobooks_author ON public.audiobooks USING btree (author);


--
-- Name: ix_audiobooks_plex_guid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audiobooks_plex_guid ON public.audiobooks USING btree (plex_guid);


--
-- Name: ix_audiobooks_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audiobooks_status ON public.audiobooks USING btree (status);


--
-- Name: ix_audiobooks_title; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audiobooks_title ON public.audiobooks USING btree (title);


--
-- Name: ix_bookdate_recommendations_user_id_batch_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookdate_recommendations_user_id_batch_id ON public.bookdate_recommendations USING btree (user_id, batch_id);


--
-- Name: ix_bookdate_recommendations_user_id_status_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookdate_recommendations_user_id_status_position ON public.bookdate_recommendations USING btree (user_id, status, "position");


--
-- Name: ix_bookdate_swipes_recommendation_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookdate_swipes_recommendation_id ON public.bookdate_swipes USING btree (recommendation_id);


--
-- Name: ix_bookdate_swipes_user_id_sequence; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bookdate_swipes_user_id_sequence ON public.bookdate_swipes USING btree (user_id, sequence);


--
-- Name: ix_configuration_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_configuration_category ON public.configuration USING btree (category);


--
-- Name: ix_download_history_created_at_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_download_history_created_at_desc ON public.download_history USING btree (created_at);


--
-- Name: ix_download_history_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_download_history_request_id ON public.download_history USING btree (request_id);


--
-- Name: ix_download_history_selected; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_download_history_selected ON public.download_history USING btree (selected);


--
-- Name: ix_job_events_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_job_events_created_at ON public.job_events USING btree (created_at);


--
-- Name: ix_job_events_job_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_job_events_job_id ON public.job_events USING btree (job_id);


--
-- Name: ix_jobs_claim; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_jobs_claim ON public.jobs USING btree (status, run_after, priority);


--
-- Name: ix_jobs_created_at_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_jobs_created_at_desc ON public.jobs USING btree (created_at);


--
-- Name: ix_jobs_dedupe_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_jobs_dedupe_key ON public.jobs USING btree (dedupe_key);


--
-- Name: ix_jobs_request_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_jobs_request_id ON public.jobs USING btree (request_id);


--
-- Name: ix_jobs_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_jobs_status ON public.jobs USING btree (status);


--
-- Name: ix_jobs_type; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_jobs_type ON public.jobs USING btree (type);


--
-- Name: ix_login_failures_subject_failed_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_login_failures_subject_failed_at ON public.login_failures USING btree (subject, failed_at);


--
-- Name: ix_plex_library_asin; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_plex_library_asin ON public.plex_library USING btree (asin);


--
-- Name: ix_plex_library_library_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_plex_library_library_id ON public.plex_library USING btree (library_id);


--
-- Name: ix_plex_logins_expires_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_plex_logins_expires_at ON public.plex_logins USING btree (expires_at);


--
-- Name: ix_request_status_changes_request_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_request_status_changes_request_id_created_at ON public.request_status_changes USING btree (request_id, created_at);


--
-- Name: ix_requests_audiobook_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requests_audiobook_id ON public.requests USING btree (audiobook_id);


--
-- Name: ix_requests_created_at_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requests_created_at_desc ON public.requests USING btree (created_at);


--
-- Name: ix_requests_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requests_status ON public.requests USING btree (status);


--
-- Name: ix_requests_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requests_user_id ON public.requests USING btree (user_id);


--
-- Name: ix_requests_user_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_requests_user_id_created_at ON public.requests USING btree (user_id, created_at);


--
-- Name: ix_users_role; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_users_role ON public.users USING btree (role);


--
-- Name: uq_users_one_setup_admin; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uq_users_one_setup_admin ON public.users USING btree (is_setup_admin) WHERE is_setup_admin;


--
-- Name: bookdate_recommendations fk_bookdate_recommendations_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_recommendations
    ADD CONSTRAINT fk_bookdate_recommendations_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: bookdate_swipes fk_bookdate_swipes_recommendation_id_bookdate_recommendations; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_swipes
    ADD CONSTRAINT fk_bookdate_swipes_recommendation_id_bookdate_recommendations FOREIGN KEY (recommendation_id) REFERENCES public.bookdate_recommendations(id) ON DELETE SET NULL;


--
-- Name: bookdate_swipes fk_bookdate_swipes_request_id_requests; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_swipes
    ADD CONSTRAINT fk_bookdate_swipes_request_id_requests FOREIGN KEY (request_id) REFERENCES public.requests(id) ON DELETE SET NULL;


--
-- Name: bookdate_swipes fk_bookdate_swipes_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookdate_swipes
    ADD CONSTRAINT fk_bookdate_swipes_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: download_history fk_download_history_request_id_requests; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.download_history
    ADD CONSTRAINT fk_download_history_request_id_requests FOREIGN KEY (request_id) REFERENCES public.requests(id) ON DELETE CASCADE;


--
-- Name: job_events fk_job_events_job_id_jobs; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_events
    ADD CONSTRAINT fk_job_events_job_id_jobs FOREIGN KEY (job_id) REFERENCES public.jobs(id) ON DELETE CASCADE;


--
-- Name: jobs fk_jobs_request_id_requests; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT fk_jobs_request_id_requests FOREIGN KEY (request_id) REFERENCES public.requests(id) ON DELETE SET NULL;


--
-- Name: request_status_changes fk_request_status_changes_request_id_requests; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request_status_changes
    ADD CONSTRAINT fk_request_status_changes_request_id_requests FOREIGN KEY (request_id) REFERENCES public.requests(id) ON DELETE CASCADE;


--
-- Name: requests fk_requests_audiobook_id_audiobooks; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT fk_requests_audiobook_id_audiobooks FOREIGN KEY (audiobook_id) REFERENCES public.audiobooks(id) ON DELETE CASCADE;


--
-- Name: requests fk_requests_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT fk_requests_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict DOu3EKpFwg4C67d6JlfW98fdUAc7EdfjsPWvdP8YV4t69j2fCtICn7cPWbPcJho

