-- Shared parsing and validation functions for loading official files. Each check returns ''
-- when the value is acceptable, or the reason a row goes to quarantine.

-- FEC dates: '%m%d%Y' (itcont, itoth, itpas2) or '%m/%d/%Y' (oppexp, summaries). Blank is NULL;
-- impossible dates (02302015) are NULL too, and the matching check quarantines them.
CREATE OR REPLACE FUNCTION fec_date AS (s, fmt) -> if(s = '', NULL, toDate(parseDateTimeOrNull(s, fmt)));

-- FEC amounts: plain decimals with at most two places, a leading '-' for negatives, and
-- sometimes no leading zero ('.29'). Anything else (including '1.234', which a plain cast would
-- silently truncate) is NULL here and quarantined by fec_check_amount.
CREATE OR REPLACE FUNCTION fec_amount AS (s) -> if(match(s, '^-?[0-9]*(\\.[0-9]{1,2})?$') AND match(s, '[0-9]'), toDecimal64OrNull(s, 2), NULL);

CREATE OR REPLACE FUNCTION spotlight_text AS (s) -> nullIf(s, '');

CREATE OR REPLACE FUNCTION check_field_count AS (f, n) -> if(length(f) = n, '', concat('expected ', toString(n), ' fields, found ', toString(length(f))));
CREATE OR REPLACE FUNCTION check_required AS (name, s) -> if(s = '', concat(name, ' is blank'), '');
CREATE OR REPLACE FUNCTION check_fec_date AS (name, s, fmt) -> if(s != '' AND fec_date(s, fmt) IS NULL, concat(name, ' is not a valid date (', fmt, '): ', s), '');
CREATE OR REPLACE FUNCTION check_fec_amount AS (name, s) -> if(s != '' AND fec_amount(s) IS NULL, concat(name, ' is not an amount: ', s), '');
CREATE OR REPLACE FUNCTION check_whole_number AS (name, s) -> if(s != '' AND NOT match(s, '^[0-9]{1,19}$'), concat(name, ' is not a whole number: ', s), '');
-- The first non-empty reason, or '' when a row passes every check.
CREATE OR REPLACE FUNCTION first_problem AS (checks) -> arrayFirst(p -> p != '', checks);

-- An ISO date (YYYY-MM-DD) from 1900 to 2299, or NULL: blank, malformed or impossible (the
-- round trip rejects 2023-02-30, which toDate32 would roll over to March 2).
CREATE OR REPLACE FUNCTION spotlight_iso_date AS (s) -> if(match(s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') AND toString(toDate32OrNull(s)) = s, toDate32OrNull(s), NULL);
CREATE OR REPLACE FUNCTION check_iso_date AS (name, s) -> if(s != '' AND spotlight_iso_date(s) IS NULL, concat(name, ' is not a date (YYYY-MM-DD): ', s), '');

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

-- Trades: dates written MM/DD/YYYY (mdy) or YYYY-MM-DD (iso); a typo like 20222-08-09 is NULL.
-- Dates before 1990 (0009-06-09 is in the House archive) are typos too.
CREATE OR REPLACE FUNCTION trade_date AS (s, style) -> if(style = 'iso', if(spotlight_iso_date(s) >= toDate32('1990-01-01'), spotlight_iso_date(s), NULL), toDate32(fec_date(s, '%m/%d/%Y')));
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
