-- Shared parsing and validation functions for loading official files. Each check returns ''
-- when the value is acceptable, or the reason a row goes to quarantine.

-- Dates as filed, in the file's format: FEC '%m%d%Y' (itcont, itoth, itpas2) or '%m/%d/%Y'
-- (oppexp, summaries), SEC '%d-%b-%Y', trades' MM/DD/YYYY, ISO '%Y-%m-%d'. A real calendar
-- date is kept as filed, however unlikely: a typo such as 10171918 is 17 October 1918, its
-- money still counts, and the table flags it (dates_outside_cycle, date_implausible). It is
-- kept only when it reads back exactly as written (filed_date_exact: no lenient parse, so
-- 02302015 is no date) and the warehouse holds it exactly (filed_date_held: Date32 is
-- documented for 1900-2299; the embedded engine holds years 0000-9999, a server may clamp).
-- Otherwise it is NULL and check_filed_date quarantines the row saying which.
CREATE OR REPLACE FUNCTION filed_date_exact AS (s, fmt) -> ifNull(lower(formatDateTime(parseDateTime64OrNull(s, fmt), fmt)) = lower(s), false);
CREATE OR REPLACE FUNCTION filed_date_held AS (s, fmt) -> ifNull(toString(toDate32(parseDateTime64OrNull(s, fmt))) = formatDateTime(parseDateTime64OrNull(s, fmt), '%Y-%m-%d'), false);
CREATE OR REPLACE FUNCTION filed_date AS (s, fmt) -> if(s != '' AND filed_date_exact(s, fmt) AND filed_date_held(s, fmt), toDate32(parseDateTime64OrNull(s, fmt)), NULL);

-- FEC amounts: plain decimals with at most two places, a leading '-' for negatives, and
-- sometimes no leading zero ('.29'). Anything else (including '1.234', which a plain cast would
-- silently truncate) is NULL here and quarantined by fec_check_amount.
CREATE OR REPLACE FUNCTION fec_amount AS (s) -> if(match(s, '^-?[0-9]*(\\.[0-9]{1,2})?$') AND match(s, '[0-9]'), toDecimal64OrNull(s, 2), NULL);

CREATE OR REPLACE FUNCTION spotlight_text AS (s) -> nullIf(s, '');

CREATE OR REPLACE FUNCTION check_field_count AS (f, n) -> if(length(f) = n, '', concat('expected ', toString(n), ' fields, found ', toString(length(f))));
CREATE OR REPLACE FUNCTION check_required AS (name, s) -> if(s = '', concat(name, ' is blank'), '');
-- The official names of an FEC row's dates that fall outside its two-year cycle (1 January of
-- the year before the cycle year to 31 December of the cycle year): kept as filed, flagged
-- for readers and researchers to weigh.
CREATE OR REPLACE FUNCTION fec_dates_outside_cycle AS (names, dates, cycle) -> arrayFilter(
    (n, d) -> d IS NOT NULL AND (d < makeDate32(cycle - 1, 1, 1) OR d > makeDate32(cycle, 12, 31)), names, dates);
CREATE OR REPLACE FUNCTION check_filed_date AS (name, s, fmt) -> multiIf(s = '', '',
    NOT filed_date_exact(s, fmt), concat(name, ' is not a valid date (', fmt, '): ', s),
    NOT filed_date_held(s, fmt), concat(name, ' is out of the range the warehouse holds: ', s), '');
CREATE OR REPLACE FUNCTION check_fec_amount AS (name, s) -> if(s != '' AND fec_amount(s) IS NULL, concat(name, ' is not an amount: ', s), '');
CREATE OR REPLACE FUNCTION check_whole_number AS (name, s) -> if(s != '' AND NOT match(s, '^[0-9]{1,19}$'), concat(name, ' is not a whole number: ', s), '');
-- The first non-empty reason, or '' when a row passes every check.
CREATE OR REPLACE FUNCTION first_problem AS (checks) -> arrayFirst(p -> p != '', checks);

-- An ISO date (YYYY-MM-DD) kept as filed, or NULL: blank, malformed, impossible (2023-02-30,
-- which toDate32 would roll over to March 2) or out of range.
CREATE OR REPLACE FUNCTION spotlight_iso_date AS (s) -> if(match(s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'), filed_date(s, '%Y-%m-%d'), NULL);
CREATE OR REPLACE FUNCTION check_iso_date AS (name, s) -> multiIf(s = '', '',
    NOT match(s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') OR NOT filed_date_exact(s, '%Y-%m-%d'), concat(name, ' is not a date (YYYY-MM-DD): ', s),
    check_filed_date(name, s, '%Y-%m-%d'));

-- SEC data sets: flags written 0/1 or false/true; decimals written like 250000.0 or 4.
CREATE OR REPLACE FUNCTION sec_flag AS (s) -> multiIf(s IN ('1', 'true'), toNullable(toUInt8(1)), s IN ('0', 'false'), toNullable(toUInt8(0)), NULL);
CREATE OR REPLACE FUNCTION sec_decimal AS (s) -> if(match(s, '^-?[0-9]+(\\.[0-9]{1,6})?$'), toDecimal128OrNull(s, 6), NULL);
CREATE OR REPLACE FUNCTION check_sec_decimal AS (name, s) -> if(s != '' AND sec_decimal(s) IS NULL, concat(name, ' is not a number: ', s), '');
-- Form 3/4/5 transaction codes in words (readme §6.2 of the insider-transactions data sets).
CREATE OR REPLACE FUNCTION sec_transaction_code AS (c) -> transform(ifNull(c, ''),
    ['A', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'O', 'P', 'S', 'U', 'V', 'W', 'X', 'Z'],
    ['grant or award', 'conversion of derivative', 'disposition to the issuer', 'expiration of short derivative position',
     'payment of exercise price or tax by delivering securities', 'gift', 'expiration of long derivative position with value received',
     'discretionary transaction', 'other acquisition or disposition', 'equity swap or similar', 'small acquisition',
     'exercise or conversion of exempt derivative', 'exercise of out-of-the-money derivative', 'open market or private purchase',
     'open market or private sale', 'disposition in a change-of-control tender', 'voluntarily reported transaction',
     'acquisition or disposition by will or the laws of descent', 'exercise of in-the-money or at-the-money derivative',
     'deposit into or withdrawal from voting trust'], '');

-- Voteview writes some whole numbers as floats in some files (icpsr 14226.0 in S117_votes,
-- district_code 0.0): a trailing .0 is accepted, anything else fractional is not.
CREATE OR REPLACE FUNCTION voteview_whole AS (s) -> toUInt64OrNull(replaceRegexpOne(s, '\\.0+$', ''));
CREATE OR REPLACE FUNCTION check_voteview_whole AS (name, s) -> if(voteview_whole(s) IS NULL, concat(name, ' is not a whole number: ', s), '');

-- Trades: dates written MM/DD/YYYY (mdy) or YYYY-MM-DD (iso), kept as filed when real; a typo
-- like 20222-08-09 is NULL and quarantined; 0009-06-09 (in the House archive) is kept, flagged.
CREATE OR REPLACE FUNCTION trade_date AS (s, style) -> if(style = 'iso', spotlight_iso_date(s), filed_date(s, '%m/%d/%Y'));
CREATE OR REPLACE FUNCTION check_trade_date AS (name, s, style) -> if(style = 'iso', check_iso_date(name, s), check_filed_date(name, s, '%m/%d/%Y'));
-- Disclosure amount ranges: "$1,001 - $15,000", "Over $50,000,000", "$1,000,000 +", and
-- "$1,001 -" as some House rows were cut (the minimum is written, the maximum is not: NULL,
-- never guessed). Anything else has no minimum and is quarantined.
CREATE OR REPLACE FUNCTION amount_range_min AS (s) -> multiIf(
    match(s, '^\\$[0-9,]+ - \\$[0-9,]+$'), toUInt64OrNull(replaceAll(extract(s, '^\\$([0-9,]+)'), ',', '')),
    match(s, '^Over \\$[0-9,]+$'), toUInt64OrNull(replaceAll(extract(s, '([0-9,]+)$'), ',', '')) + 1,
    match(s, '^\\$[0-9,]+ [+-]$'), toUInt64OrNull(replaceAll(extract(s, '^\\$([0-9,]+)'), ',', '')),
    NULL);
CREATE OR REPLACE FUNCTION amount_range_max AS (s) -> if(match(s, '^\\$[0-9,]+ - \\$[0-9,]+$'), toUInt64OrNull(replaceAll(extract(s, '- \\$([0-9,]+)$'), ',', '')), NULL);
-- A person's name for comparison: accents removed (NFD, then combining marks dropped), lower
-- case, every run of non-letters one space ("Raúl M. Grijalva" → "raul m grijalva").
CREATE OR REPLACE FUNCTION spotlight_name_key AS (s) -> trimBoth(replaceRegexpAll(lower(replaceRegexpAll(normalizeUTF8NFD(s), '\\p{Mn}', '')), '[^a-z]+', ' '));
-- A company name's key (Sources/Core/CorporateName.swift is the same function; a test keeps
-- them equal on every real name): accents and case folded (upper() is ASCII-only, as the Swift
-- side is), & read as AND, apostrophes and periods dropped, other punctuation a space, EDGAR's
-- trailing /DE/-style marker dropped, a leading THE and trailing legal suffixes (and the AND of
-- "& Co") removed; a name of nothing else keeps them.
CREATE OR REPLACE FUNCTION spotlight_corp_words AS (s) -> arrayFilter(w -> w != '', splitByChar(' ', replaceRegexpAll(
    replaceRegexpAll(replaceAll(replaceAll(upper(replaceRegexpAll(normalizeUTF8NFD(replaceRegexpOne(s, '\\s*/[A-Za-z]{2,3}/?\\s*$', '')), '\\p{Mn}', '')), '&', ' AND '), '’', ''), '[\'.]', ''),
    '[^A-Z0-9]+', ' ')));
CREATE OR REPLACE FUNCTION spotlight_corp_kept AS (words) -> arrayLastIndex(
    w -> NOT has(['INC', 'INCORPORATED', 'CORP', 'CORPORATION', 'CO', 'COMPANY', 'LLC', 'LP', 'LLP', 'LTD', 'LIMITED', 'PLC', 'THE', 'AND'], w), words);
CREATE OR REPLACE FUNCTION spotlight_corp_key_of AS (all, trimmed) -> arrayStringConcat(
    if(spotlight_corp_kept(trimmed) = 0, all, arraySlice(trimmed, 1, spotlight_corp_kept(trimmed))), ' ');
CREATE OR REPLACE FUNCTION spotlight_corp_key AS (s) -> spotlight_corp_key_of(spotlight_corp_words(s),
    if(spotlight_corp_words(s)[1] = 'THE', arrayPopFront(spotlight_corp_words(s)), spotlight_corp_words(s)));

-- Contributed datasets (content/datasets/<name>/dataset.toml): a value of a declared type, or
-- NULL when the text is not one (the load's checks then quarantine the record saying which).
-- Whole numbers and decimals are written plainly (a sign, digits, one point): '1,200' or '$5'
-- is not read as a number, never half-read.
CREATE OR REPLACE FUNCTION dataset_integer AS (s) -> if(match(s, '^[+-]?[0-9]{1,18}$'), toInt64OrNull(s), NULL);
CREATE OR REPLACE FUNCTION dataset_number AS (s) -> if(match(s, '^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?$'), toFloat64OrNull(s), NULL);
CREATE OR REPLACE FUNCTION dataset_decimal AS (s, scale) -> if(match(s, concat('^[+-]?[0-9]{0,20}', if(scale = 0, '', concat('(\\.[0-9]{1,', toString(scale), '})?')), '$'))
    AND match(s, '[0-9]'), toDecimal128OrNull(s, scale), NULL);
CREATE OR REPLACE FUNCTION dataset_boolean AS (s) -> multiIf(lower(s) IN ('true', 't', 'yes', 'y', '1'), toNullable(true),
    lower(s) IN ('false', 'f', 'no', 'n', '0'), toNullable(false), NULL);
-- A date and time in the column's format (ClickHouse's parseDateTime, MySQL style:
-- '%Y-%m-%d %H:%i:%s'), or ISO 8601 when none is given ('2024-03-01 10:00', '2024-03-01T10:00:00Z',
-- with an offset): best-effort parsing alone would read '1/2/2020' or '5' as some date.
CREATE OR REPLACE FUNCTION dataset_datetime AS (s, fmt) -> if(fmt = '',
    if(match(s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$'), parseDateTime64BestEffortOrNull(s, 0, 'UTC'), NULL),
    toDateTime64(parseDateTimeOrNull(s, fmt, 'UTC'), 0, 'UTC'));
CREATE OR REPLACE FUNCTION check_dataset_value AS (name, s, value, what) -> if(s != '' AND value IS NULL, concat(name, ' is not ', what, ': ', s), '');
