import Core
import Foundation
import Ingest
import Testing
import TestSupport
import Warehouse

/// Contributed datasets: a definition in a folder, files in the formats it names, loaded by
/// ClickHouse's readers with every record loaded or quarantined with its reason. The expected
/// rows, sums and reasons are written out here from the files the tests write.
@Suite(.serialized) struct DatasetIngestTests {
    /// A dataset folder with `dataset.toml` and the given files, under a fresh name.
    func folder(_ toml: String, files: [String: String] = [:]) throws -> (DatasetDefinition, URL) {
        let name = "t" + UUID().uuidString.prefix(8).lowercased()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-datasets-\(name)/\(name)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try toml.write(to: dir.appendingPathComponent("dataset.toml"), atomically: true, encoding: .utf8)
        for (file, text) in files { try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        return (try DatasetDefinition.load(dir.appendingPathComponent("dataset.toml")), dir)
    }

    /// Loads `definition`'s files as the embedded engine reads them, or (`sent`) as a server
    /// with a lake directory on this machine must: each file's bytes sent to the warehouse and
    /// parsed there. Every expected value below holds either way.
    func ingest(_ definition: DatasetDefinition, directory: URL, sent: Bool = false) throws -> [LoadOutcome] {
        let engine = try TestEnvironment.embedded()
        return try DatasetIngest(engine: sent ? NoLocalFiles(engine) : engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                                 home: SpotlightHome(root: engine.path.deletingLastPathComponent()), definition: definition, maxQuarantineRate: 1)
            .run(directory: directory)
    }

    func rows(_ sql: String) throws -> [[String]] { try TestEnvironment.embedded().query(sql).rows.map { $0.map(\.description) } }

    /// The keys every definition needs, for tests about the rest.
    static let minimal = "title = \"X\"\ndescription = \"X.\"\nlicence = \"CC0\"\n"

    static let header = """
        title = "Test trips"
        description = "Trips."
        licence = "CC0"
        primary_key = ["id"]

        [[source]]
        file = "trips.csv"

        [links]
        who = "member"

        [[column]]
        name = "id"
        [[column]]
        name = "who"
        [[column]]
        name = "cost"
        type = "decimal"
        [[column]]
        name = "day"
        type = "date"
        format = "%m/%d/%Y"
        [[column]]
        name = "nights"
        type = "integer"
        [[column]]
        name = "paid"
        type = "boolean"
        header = "Paid?"

        """

    @Test(arguments: [false, true]) func csvRecordsAreLoadedOrQuarantinedWithTheirReason(sent: Bool) throws {
        // Columns in another order than declared (matched by the header), a quoted comma and a
        // quoted line break, a date written 1918 (real, kept), and one bad record per rule.
        let csv = """
            nights,id,who,cost,day,Paid?\r
            2,T1,A000001,100.50,03/01/2023,yes\r
            3,T2,A000001,"1200.25",03/02/2023,no\r
            1,"T,3",B000002,19.99,10/17/1918,\r
            4,T4,B000002,n/a,03/04/2023,yes\r
            4,T5,B000002,5.00,02/30/2023,yes\r
            x,T6,B000002,5.00,03/06/2023,yes\r
            1,,B000002,5.00,03/07/2023,yes\r
            1,T8,B000002,5.00,03/08/2023\r
            1,T9,B000002,5.00,03/09/2023,yes,extra\r
            5,"T
            10",C000003,1.005,03/10/2023,maybe\r
            6,T11,C000003,-7,03/11/2023,TRUE\r

            """
        let (definition, dir) = try folder(Self.header, files: ["trips.csv": csv])
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        #expect(outcomes.count == 1)
        #expect(outcomes[0].linesRead == 11 && outcomes[0].loaded == 4 && outcomes[0].quarantined == 7)
        let table = definition.table
        #expect(try rows("SELECT id, who, toString(cost), toString(day), toString(nights), toString(paid), source_line FROM \(table) ORDER BY source_line") == [
            ["T1", "A000001", "100.5", "2023-03-01", "2", "true", "2"],
            ["T2", "A000001", "1200.25", "2023-03-02", "3", "false", "3"],
            ["T,3", "B000002", "19.99", "1918-10-17", "1", "NULL", "4"],
            ["T11", "C000003", "-7", "2023-03-11", "6", "true", "12"],
        ])
        #expect(try rows("SELECT toString(line), reason FROM quarantine WHERE source = '\(definition.source)' ORDER BY line") == [
            ["5", "cost is not a decimal number with at most 2 places: n/a"],
            ["6", "day is not a valid date (%m/%d/%Y): 02/30/2023"],
            ["7", "nights is not a whole number: x"],
            ["8", "id is blank"],
            ["9", "expected 6 fields, found 5"],
            ["10", "more than 6 fields"],
            ["11", "cost is not a decimal number with at most 2 places: 1.005"],
        ])
        // The raw record keeps its quoting, so it reads back as the record it was.
        #expect(try rows("SELECT raw FROM quarantine WHERE source = '\(definition.source)' AND line = 11") == [["5,\"T\n10\",C000003,1.005,03/10/2023,maybe"]])
    }

    @Test func aHeaderWithoutADeclaredColumnNamesTheFileAndColumn() throws {
        let (definition, dir) = try folder(Self.header, files: ["trips.csv": "id,who,cost,day,nights\nT1,A,1,03/01/2023,1\n"])
        #expect(throws: IngestError.input("trips.csv: the header has no column Paid? (it has id, who, cost, day, nights); the dataset's columns are declared in content/datasets/\(definition.name)/")) {
            try ingest(definition, directory: dir)
        }
    }

    @Test(arguments: [false, true]) func jsonLinesAndAnUndeclaredSchemaFrozenFromTheFirstFile(sent: Bool) throws {
        let toml = """
            title = "People"
            description = "People."
            licence = "CC0"
            format = "jsonl"

            [[source]]
            file = "people.jsonl"
            """
        let lines = """
            {"Name": "Ada", "Born": "1975-12-10", "Score": 9.5, "Tags": ["a", "b"]}

            {"Name": "Grace", "Born": "1986-12-09", "Score": 7, "Tags": []}

            """
        let (definition, dir) = try folder(toml, files: ["people.jsonl": lines])
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        // Blank lines are not records.
        #expect(outcomes[0].linesRead == 2 && outcomes[0].loaded == 2 && outcomes[0].quarantined == 0)
        let frozen = try String(contentsOf: dir.appendingPathComponent("schema.toml"), encoding: .utf8)
        #expect(frozen.contains("header = \"Born\""))
        let reread = try DatasetDefinition.load(dir.appendingPathComponent("dataset.toml"))
        #expect(reread.columns.map { "\($0.name):\($0.type.rawValue):\($0.header)" } == ["name:string:Name", "born:date:Born", "score:number:Score", "tags:string:Tags"])
        #expect(try rows("SELECT name, toString(born), toString(score), tags FROM \(definition.table) ORDER BY source_line") == [
            ["Ada", "1975-12-10", "9.5", "[\"a\", \"b\"]"], ["Grace", "1986-12-09", "7", "[]"],
        ])
        // The next file is read with the frozen schema: an impossible month is quarantined, not rolled over.
        try (lines + "{\"Name\": \"Bad\", \"Born\": \"1986-13-09\", \"Score\": 1}\n").write(to: dir.appendingPathComponent("people.jsonl"), atomically: true, encoding: .utf8)
        let again = try ingest(reread, directory: dir, sent: sent)
        #expect(again[0].linesRead == 3 && again[0].loaded == 2 && again[0].quarantined == 1)
        #expect(try rows("SELECT reason FROM quarantine WHERE source = '\(definition.source)'") == [["born is not a valid date (%Y-%m-%d): 1986-13-09"]])
    }

    @Test(arguments: [false, true]) func aJSONArrayIsOneRecordPerObject(sent: Bool) throws {
        let toml = """
            title = "Grants"
            description = "Grants."
            licence = "CC0"
            format = "json"

            [[source]]
            file = "grants.json"

            [[column]]
            name = "who"
            required = true
            [[column]]
            name = "amount"
            type = "decimal"
            """
        // One object per line or not: records are the array's objects (a tab escaped in one).
        let text = [#"[{"who": "Ada", "amount": "10.50"},"#, #" {"who": "Bo\tb", "amount": 2}, {"who": "", "amount": "1"},"#, #" {"who": "Cy", "amount": "lots"}]"#].joined(separator: "\n")
        let (definition, dir) = try folder(toml, files: ["grants.json": text])
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        #expect(outcomes[0].linesRead == 4 && outcomes[0].loaded == 2 && outcomes[0].quarantined == 2)
        #expect(try rows("SELECT toString(source_line), who, toString(amount) FROM \(definition.table) ORDER BY source_line") == [["1", "Ada", "10.5"], ["2", "Bo\tb", "2"]])
        #expect(try rows("SELECT toString(line), reason FROM quarantine WHERE source = '\(definition.source)' ORDER BY line")
            == [["3", "who is blank"], ["4", "amount is not a decimal number with at most 2 places: lots"]])
    }

    @Test(arguments: [false, true]) func parquetAndATransformThatReadsOnlyTheWarehouse(sent: Bool) throws {
        let toml = """
            title = "Scores"
            description = "Scores."
            licence = "CC0"
            format = "parquet"
            transform = "SELECT who, sum(points) AS points FROM {rows} GROUP BY who ORDER BY who"

            [[source]]
            file = "scores.parquet"

            [[column]]
            name = "who"
            required = true
            [[column]]
            name = "points"
            type = "integer"
            """
        let (definition, dir) = try folder(toml)
        let engine = try TestEnvironment.embedded()
        try engine.execute("INSERT INTO FUNCTION file('\(dir.path)/scores.parquet', 'Parquet', 'who String, points Int64') VALUES ('a', 1), ('b', 2), ('a', 40), ('', 5)")
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        #expect(outcomes[0].linesRead == 4 && outcomes[0].loaded == 3 && outcomes[0].quarantined == 1)
        #expect(try rows("SELECT who, toString(points) FROM \(definition.table) ORDER BY who") == [["a", "41"], ["b", "2"]])

        // A transform that reads a file is refused by ClickHouse's read-only check (or, sent,
        // first by the guard standing in for a server's machine), the old table kept.
        var hostile = definition
        hostile.transform = "SELECT line AS who, 0 AS points FROM file('/etc/hostname', 'LineAsString') UNION ALL SELECT who, points FROM {rows}"
        #expect {
            try ingest(hostile, directory: dir, sent: sent)
        } throws: { error in
            "\(error)".hasPrefix("content/datasets/\(definition.name)/dataset.toml (transform): the transform must be a SELECT that reads only the warehouse's tables")
                && "\(error)".hasSuffix(sent ? "but a statement uses file(…"
                    : "it uses the table function file(), which reads outside the warehouse; a report or transform reads the warehouse's tables only")
        }
        #expect(try rows("SELECT who, toString(points) FROM \(definition.table) ORDER BY who") == [["a", "41"], ["b", "2"]])
    }

    /// A Parquet file of many row groups keeps its records' numbers, file order, however its
    /// row groups are decoded (in parallel, and sent or not): record k carries points = k, and
    /// the one bad record (k = 12,345) is quarantined under its own number.
    @Test(arguments: [false, true]) func aParquetFileOfManyRowGroupsKeepsItsRecordNumbers(sent: Bool) throws {
        let toml = """
            title = "Points"
            description = "Points."
            licence = "CC0"
            format = "parquet"

            [[source]]
            file = "points.parquet"

            [[column]]
            name = "who"
            required = true
            [[column]]
            name = "points"
            type = "integer"
            """
        let (definition, dir) = try folder(toml)
        let engine = try TestEnvironment.embedded()
        try engine.execute("""
            INSERT INTO FUNCTION file('\(dir.path)/points.parquet', 'Parquet', 'who String, points Int64')
            SELECT if(number + 1 = 12345, '', concat('w', toString(number + 1))), number + 1 FROM numbers(50000)
            SETTINGS output_format_parquet_row_group_size = 1000
            """)
        #expect(try engine.scalar("SELECT count() FROM file('\(dir.path)/points.parquet', ParquetMetadata) ARRAY JOIN row_groups").description == "50")
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        #expect(outcomes[0].linesRead == 50_000 && outcomes[0].loaded == 49_999 && outcomes[0].quarantined == 1)
        #expect(try rows("SELECT toString(count()), toString(countIf(points != source_line)), toString(sum(source_line)) FROM \(definition.table)")
            == [["49999", "0", "\(50_000 * 50_001 / 2 - 12_345)"]])
        #expect(try rows("SELECT toString(line), reason FROM quarantine WHERE source = '\(definition.source)'") == [["12345", "who is blank"]])
    }

    @Test(arguments: [false, true]) func latin1TabSeparatedFilesAreReadAsWritten(sent: Bool) throws {
        let toml = """
            title = "Places"
            description = "Places."
            licence = "CC0"
            format = "tsv"
            encoding = "latin1"

            [[source]]
            file = "places.tsv"

            [[column]]
            name = "place"
            required = true
            [[column]]
            name = "visits"
            type = "integer"
            """
        let (definition, dir) = try folder(toml)
        // Latin-1 bytes (é = E9), a TSV escape (\t inside a field), a short and a long record.
        var bytes: [UInt8] = Array("place\tvisits\n".utf8)
        bytes += Array("Caf".utf8) + [0xE9] + Array("\t3\n".utf8)
        bytes += Array("Tab\\there\t4\n".utf8)
        bytes += Array("Short\n".utf8)
        bytes += Array("Long\t1\textra\n".utf8)
        try Data(bytes).write(to: dir.appendingPathComponent("places.tsv"))
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        #expect(outcomes[0].linesRead == 4 && outcomes[0].loaded == 2 && outcomes[0].quarantined == 2)
        #expect(try rows("SELECT place, toString(visits) FROM \(definition.table) ORDER BY source_line") == [["Café", "3"], ["Tab\there", "4"]])
        #expect(try rows("SELECT toString(line), reason FROM quarantine WHERE source = '\(definition.source)' ORDER BY line")
            == [["4", "expected 2 fields, found 1"], ["5", "more than 2 fields"]])
    }

    /// What a second reader of the code found: a quote inside an unquoted field is a character
    /// (the books agree with ClickHouse), a literal \N is text, scale 0 is a whole decimal, and a
    /// datetime without a format is ISO 8601 or quarantined, never best-effort guessed.
    @Test(arguments: [false, true]) func quotesInsideFieldsBackslashNWholeDecimalsAndStrictDatetimes(sent: Bool) throws {
        let toml = """
            title = "Parts"
            description = "Parts."
            licence = "CC0"

            [[source]]
            file = "parts.csv"

            [[column]]
            name = "name"
            [[column]]
            name = "size"
            type = "decimal"
            scale = 0
            [[column]]
            name = "at"
            type = "datetime"
            """
        let csv = "name,size,at\nwidget 5\" pipe,3,2024-03-01 10:00\n\\N,4,2024-03-01T10:00:00Z\nbolt,2.5,2024-03-02\nnut,7,1/2/2020\n"
        let (definition, dir) = try folder(toml, files: ["parts.csv": csv])
        let outcomes = try ingest(definition, directory: dir, sent: sent)
        #expect(outcomes[0].linesRead == 4 && outcomes[0].loaded == 2 && outcomes[0].quarantined == 2)
        #expect(try rows("SELECT name, toString(size), toString(at) FROM \(definition.table) ORDER BY source_line") == [
            ["widget 5\" pipe", "3", "2024-03-01 10:00:00"], ["\\N", "4", "2024-03-01 10:00:00"],
        ])
        #expect(try rows("SELECT reason FROM quarantine WHERE source = '\(definition.source)' ORDER BY line") == [
            ["size is not a decimal number with at most 0 places: 2.5"], ["at is not a date and time: 1/2/2020"],
        ])
    }

    @Test func twoSourcesCannotShareAFileName() throws {
        #expect {
            try folder(Self.minimal + "[[source]]\nurl = \"https://example.org/2023/data.csv\"\n[[source]]\nurl = \"https://example.org/2024/data.csv\"\n")
        } throws: { error in
            (error as? DatasetDefinition.DefinitionError)?.message == "two sources are both named data.csv (the last part of their URL or path); a snapshot keeps each file under that name"
        }
    }

    @Test func aSymbolicLinkCannotLeadASourceOutOfItsFolder() throws {
        let (_, dir) = try folder(Self.minimal + "[[source]]\nfile = \"a.csv\"\n")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("passwd.csv").path, withDestinationPath: "/etc/passwd")
        try (Self.minimal + "[[source]]\nfile = \"passwd.csv\"\n")
            .write(to: dir.appendingPathComponent("dataset.toml"), atomically: true, encoding: .utf8)
        #expect {
            try DatasetDefinition.load(dir.appendingPathComponent("dataset.toml"))
        } throws: { error in
            (error as? DatasetDefinition.DefinitionError)?.message == "source 1: passwd.csv leads outside the dataset's folder"
        }
    }

    @Test func definitionsCannotReachOutsideTheirFolder() throws {
        let base = Self.minimal + "\n"
        for (source, message) in [
            ("file = \"../secrets.csv\"", "source 1: file must name a data file inside the dataset's folder (no /, no ..)"),
            ("file = \"/etc/passwd\"", "source 1: file must name a data file inside the dataset's folder (no /, no ..)"),
            ("url = \"ftp://example.org/x.csv\"", "source 1: url must start with https://, http:// or {demo}/"),
        ] {
            #expect {
                try folder(base + "[[source]]\n" + source + "\n")
            } throws: { error in
                (error as? DatasetDefinition.DefinitionError)?.message == message
            }
        }
        #expect {
            try folder(base + "colour = \"red\"\n[[source]]\nfile = \"a.csv\"\n")
        } throws: { error in
            (error as? DatasetDefinition.DefinitionError)?.message.hasPrefix("unknown key 'colour'") == true
        }
    }
}
