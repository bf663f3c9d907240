using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Gongzhi.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Gongzhi.Benchmarks.LocateBenchmarks).Assembly).Run(args);
