using BenchmarkDotNet.Running;
using Gongzhi.Benchmarks;

// dotnet run -c Release --project bench/Gongzhi.Benchmarks -- --filter '*Locate*'      (in-memory, no database)
// bench/cases.sh                                                                        (PostgreSQL: intake, then 1 M cases)
//   … -- intake [clients] [seconds]    case intake over HTTP vs raw INSERT (needs GONGZHI_TEST_POSTGRES)
//   … -- seed-cases [count]            fill the benchmark database with generated cases
// bench/registry.sh                                                                     (PostgreSQL: 1 M people imported vs psql \copy)
//   … -- import [rows]                 people import over HTTP vs psql \copy of the same CSV (needs GONGZHI_TEST_POSTGRES, PG_BIN)
switch (args.FirstOrDefault())
{
    case "intake":
        await IntakeLoad.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 16, args.Length > 2 ? int.Parse(args[2]) : 30);
        break;
    case "time-queries": // a quick look while tuning (BenchmarkDotNet gives the recorded figures)
        await CaseQueryBenchmarks.TimeAsync(args.Length > 1 && args[1] == "sql");
        break;
    case "import":
        await ImportLoad.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
        break;
    case "seed-cases":
        await CaseSeed.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(LocateBenchmarks).Assembly).Run(args);
        break;
}
