@testable import EntrustStorePostgres
import Testing

@Suite struct SQLTextTests {
    @Test(arguments: [
        ("SELECT ?", "SELECT $1", 1),
        ("SELECT a FROM t WHERE b = ? AND c IN (?, ?)", "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)", 3),
        ("UPDATE t SET a = ?2 WHERE id = ?1 OR parent = ?1", "UPDATE t SET a = $2 WHERE id = $1 OR parent = $1", 2),
        ("SELECT '?' , ?", "SELECT '?' , $1", 1),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1),
        ("SELECT \"col?\" FROM \"t\"\"?\" WHERE x = ?", "SELECT \"col?\" FROM \"t\"\"?\" WHERE x = $1", 1),
        ("SELECT ? -- why? because\n, ?", "SELECT $1 -- why? because\n, $2", 2),
        ("SELECT /* a ? /* nested ? */ still ? */ ?", "SELECT /* a ? /* nested ? */ still ? */ $1", 1),
        ("SELECT $$ ? $$, $tag$ it's ? $tag$, ?", "SELECT $$ ? $$, $tag$ it's ? $tag$, $1", 1),
        ("SELECT 'Hội Nông dân ?' AS tên, ? AS giá", "SELECT 'Hội Nông dân ?' AS tên, $1 AS giá", 1),
        ("SELECT 1", "SELECT 1", 0),
        ("SELECT 'unterminated ?", "SELECT 'unterminated ?", 0),
    ])
    func placeholders(input: String, expected: String, count: Int) {
        let rewritten = SQLText.rewritingPlaceholders(input)
        #expect(rewritten.sql == expected)
        #expect(rewritten.parameters == count)
    }

    @Test func alreadyRewrittenTextIsUnchanged() {
        let once = SQLText.rewritingPlaceholders("SELECT ? , ?").sql
        #expect(SQLText.rewritingPlaceholders(once).sql == once)
    }

    @Test func statementsSplitOnlyAtCodeSemicolons() {
        let script = """
            CREATE TABLE a (x TEXT DEFAULT ';');
            -- a comment; with a semicolon
            CREATE TABLE "b;c" (y TEXT);
            /* block; */
            INSERT INTO a VALUES ($$;$$);;
            """
        #expect(SQLText.statements(script) == [
            "CREATE TABLE a (x TEXT DEFAULT ';')",
            "-- a comment; with a semicolon\nCREATE TABLE \"b;c\" (y TEXT)",
            "/* block; */\nINSERT INTO a VALUES ($$;$$)",
        ])
    }

    @Test func aCommentAloneIsNoStatement() {
        #expect(SQLText.statements("SELECT 1;\n-- the end\n").count == 1)
        #expect(SQLText.statements("  ;  ; ").isEmpty)
    }
}
