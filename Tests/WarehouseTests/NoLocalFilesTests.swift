import Core
import Testing
@testable import Warehouse

/// The guard of a warehouse that reads no files on its machine, and how a lake file is named
/// in SQL for either kind of warehouse.
@Suite struct NoLocalFilesTests {
    @Test(arguments: [
        "SELECT * FROM file('/etc/passwd', 'LineAsString')",
        "select count() from FILE ('x.csv')",
        "SELECT * FROM filesystem('/tmp')",
        "CREATE TABLE t (a String) ENGINE = File(CSV)",
        "CREATE DATABASE d ENGINE=Filesystem('/tmp')",
        "INSERT INTO t FROM INFILE '/tmp/x.csv' FORMAT CSV",
        "SELECT 1 INTO OUTFILE '/tmp/y'",
        "INSERT INTO FUNCTION file('/tmp/z.parquet', 'Parquet') SELECT 1",
        "SELECT * FROM `file`('/etc/passwd', 'LineAsString')",
        "SELECT * FROM \"file\"('/etc/passwd', 'LineAsString')",
        "SELECT * FROM fileCluster('c', '/tmp/*.csv')",
        "SELECT * FROM `\\x66ile`('/etc/passwd', 'LineAsString')",
    ])
    func aStatementUsingALocalFileIsRefused(sql: String) {
        #expect(throws: WarehouseError.self) { try NoLocalFiles.check(sql) }
    }

    @Test(arguments: [
        "SELECT source_file, profile(x), `file` FROM t WHERE name = 'file(' AND `source file (FEC)` = 1 AND `file(` = 2",
        "-- reads a bulk file (oth) \nSELECT 1 /* no file() here */",
        "SELECT * FROM s3('https://b.s3.amazonaws.com/raw/file(1).zst', 'LineAsString', 'text String') SETTINGS storage_file_read_method = 'pread'",
        "SELECT 'it''s a file(' AS a, \"file\" AS b",
    ])
    func anythingElseRuns(sql: String) throws {
        try NoLocalFiles.check(sql)
    }

    @Test func aLakeFileIsNamedForItsWarehouse() {
        #expect(WarehouseFile(.local("/lake/it's.txt")).tableFunction(format: "LineAsString", structure: "text String")
                == "file('/lake/it\\'s.txt', 'LineAsString', 'text String')")
        let url = "http://127.0.0.1:9000/b/raw/fec-2024/x/itcont.txt.zst"
        #expect(WarehouseFile(.s3(url: url, access: .keys(id: "AKID", secret: "s3cr3t-key", token: nil))).tableFunction(format: "Parquet")
                == "s3('\(url)', 'AKID', 's3cr3t-key', 'Parquet')")
        #expect(WarehouseFile(.s3(url: url, access: .keys(id: "AKID", secret: "s3cr3t-key", token: "tok-tok-tok"))).tableFunction(format: "CSV", structure: "a String")
                == "s3('\(url)', 'AKID', 's3cr3t-key', 'tok-tok-tok', 'CSV', 'a String')")
        #expect(WarehouseFile(.s3(url: url, access: .namedCollection("spotlight_lake"))).tableFunction(format: "LineAsString", structure: "text String")
                == "s3(`spotlight_lake`, url = '\(url)', format = 'LineAsString', structure = 'text String')")
    }

    @Test func aHeldSecretIsRedactedFromWarehouseErrors() {
        Secrets.hold("redact-me-0123456789")
        let error = WarehouseError(.query, "Code: 499. S3 error in s3('http://x/y', 'AKID', 'redact-me-0123456789', 'CSV')")
        #expect(error.description == "Code: 499. S3 error in s3('http://x/y', 'AKID', '[secret]', 'CSV')")
    }
}

/// TabSeparated escaping of text sent back to the warehouse (a report's rows): every byte
/// TabSeparated gives a meaning escaped, a CR LF pair (one Swift Character) included.
@Suite struct TabSeparatedEscapeTests {
    @Test func everySpecialByteIsEscaped() {
        #expect(ResultWriter.tsvEscape("plain text") == "plain text")
        #expect(Array(ResultWriter.tsvEscape("a\r\nb").utf8) == Array("a\\r\\nb".utf8))
        #expect(ResultWriter.tsvEscape("t\tb\\n\0") == "t\\tb\\\\n\\0")
    }
}
