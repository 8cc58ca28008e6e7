-- Each member's vote in an official roll call. member_id is the bioguide id (House, name-id)
-- or the LIS id (Senate, lis_member_id: join legislator_ids where scheme = 'lis').
CREATE TABLE IF NOT EXISTS official_votes
(
    period UInt32,
    chamber LowCardinality(String),
    congress UInt16,
    session UInt8,
    rollcall UInt32,
    member_id String,
    member_name Nullable(String),
    party LowCardinality(Nullable(String)),
    state LowCardinality(Nullable(String)),
    vote LowCardinality(String),       -- as written: Yea, Nay, Aye, No, Present, Not Voting, or a name (Speaker elections)
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (chamber, congress, session, rollcall, member_id);

-- load: f = [chamber, congress, session, rollcall, member id, name, party, state, vote, file].
SELECT
    {cycle} AS period,
    f[1] AS chamber,
    toUInt16OrZero(f[2]) AS congress,
    toUInt8OrZero(f[3]) AS session,
    toUInt32OrZero(f[4]) AS rollcall,
    f[5] AS member_id,
    spotlight_text(f[6]) AS member_name,
    spotlight_text(f[7]) AS party,
    spotlight_text(f[8]) AS state,
    f[9] AS vote,
    f[10] AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 10),
        check_required('member id', f[5]),
        if(f[1] = 'House' AND NOT match(f[5], '^[A-Z][0-9]{6}$'), concat('House member id is not a bioguide id: ', f[5]), ''),
        if(f[1] = 'Senate' AND NOT match(f[5], '^S[0-9]{3}$'), concat('Senate member id is not an LIS id: ', f[5]), ''),
        check_required('vote', f[9])
    ]) AS _problem
FROM {lines}
