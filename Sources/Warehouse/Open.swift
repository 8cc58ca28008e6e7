import Core
import Foundation

extension SpotlightConfig {
    /// Opens the configured warehouse: the process's shared chDB, or a server client.
    public func openWarehouse(home: SpotlightHome = .resolve()) throws -> any WarehouseEngine {
        switch warehouse.engine {
        case .embedded:
            let engine = try EmbeddedEngine.shared(path: warehousePath(home: home))
            return warehouse.localFiles ? engine : NoLocalFiles(engine)
        case .clickhouse: return ServerEngine(options: try ServerEngine.Options(config: warehouse))
        }
    }
}
