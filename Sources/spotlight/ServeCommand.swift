import ArgumentParser
import Foundation
import Site

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the built site on http://127.0.0.1:PORT/, serving .br/.gz files by Accept-Encoding."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Port on 127.0.0.1.")
    var port: UInt16 = 8080

    @Option(name: .long, help: "Folder to serve (default: [site] output in the config).")
    var dir: String?

    func run() throws {
        do {
            let config = try global.load()
            let root = URL(fileURLWithPath: dir ?? config.site.output)
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent("index.html").path) else {
                throw ValidationError("\(root.path) has no index.html; run `spotlight build` first")
            }
            let server = PreviewServer(root: root, port: port)
            try server.start()
            print("serving \(root.path) on http://127.0.0.1:\(server.port)/ (Ctrl-C stops)")
            while true { sleep(3600) }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
