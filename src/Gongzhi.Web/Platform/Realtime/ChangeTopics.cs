using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Platform.Realtime;

/// <summary>
/// Rows of <see cref="EntityType"/> (or a subtype) are cached somewhere: when a SaveChanges adds, changes or deletes one,
/// <see cref="Topic"/> is published on the <see cref="ChangeBus"/> once the change is committed (in this process at
/// once, on the other nodes through LISTEN/NOTIFY). Register as a singleton service.
/// </summary>
public sealed record ChangeTopic(Type EntityType, string Topic);

/// <summary>
/// Publishes the <see cref="ChangeTopic"/>s of what a SaveChanges wrote, after the commit: at SavedChanges when no
/// transaction is open, else when the transaction commits (nothing when it rolls back). Publishing after the commit
/// matters: a cache that reloads on the notice must read the committed rows. Only changes made through the change
/// tracker are seen; a module that writes cached rows with raw SQL or ExecuteUpdate must publish the topic itself.
/// </summary>
public sealed class ChangeTopicInterceptor(ChangeBus bus, IEnumerable<ChangeTopic> topics) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    readonly ChangeTopic[] _topics = [.. topics];
    readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    void Collect(DbContext? db)
    {
        if (db is null || _topics.Length == 0) return;
        // Only the entries of cached types need their changes detected: a pass over every tracked entity (a bulk save
        // tracks thousands) would repeat work the other interceptors and SaveChanges do anyway.
        var tracker = db.ChangeTracker;
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var e in tracker.Entries())
            {
                var type = e.Metadata.ClrType;
                foreach (var t in _topics)
                {
                    if (!t.EntityType.IsAssignableFrom(type)) continue;
                    if (e.State == EntityState.Unchanged) e.DetectChanges();
                    if (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) _pending.Add(t.Topic);
                }
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }
    }

    /// <summary>For rows written without the change tracker (<see cref="Data.PostgresRows"/>), after their commit: the topics of their types.</summary>
    public void PublishWritten(IEnumerable<Type> written)
    {
        foreach (var type in written)
            foreach (var t in _topics)
                if (t.EntityType.IsAssignableFrom(type)) _pending.Add(t.Topic);
        Publish();
    }

    void Publish()
    {
        if (_pending.Count == 0) return;
        var topics = _pending.ToArray();
        _pending.Clear();
        foreach (var topic in topics) bus.Publish(topic);
    }

    void AfterSave(DbContext? db)
    {
        if (db?.Database.CurrentTransaction is null) Publish(); // else at TransactionCommitted
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A failed SaveChanges may have written part of its rows inside an open transaction that is then committed anyway:
    // keep the topics until that transaction ends. Without a transaction nothing was written (EF's own transaction
    // rolled back), but publishing costs only a reload, so a failure publishes too.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => AfterSave(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Publish();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _pending.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _pending.Clear();
        return Task.CompletedTask;
    }
}

/// <summary>
/// A value loaded from the database and kept until a <see cref="ChangeBus"/> topic says it changed (or the relay
/// reconnected, or <paramref name="maxAge"/> passed — a backstop for a notice another node failed to send).
/// A load that was running when a change was published is returned to its caller but not kept, so a notice can never be
/// overtaken by the rows read before it.
/// </summary>
public sealed class Cached<TKey, TValue> where TKey : notnull
{
    readonly Lock _gate = new();
    readonly Dictionary<TKey, (TValue Value, long LoadedAt)> _entries;
    readonly TimeProvider _clock;
    readonly TimeSpan _maxAge;
    readonly int _capacity;
    long _generation;

    public Cached(ChangeBus bus, TimeProvider clock, string topic, TimeSpan maxAge, int capacity = 10_000, IEqualityComparer<TKey>? comparer = null)
    {
        _entries = new(comparer);
        _clock = clock;
        _maxAge = maxAge;
        _capacity = capacity;
        bus.Subscribe(topic, _ => Clear());
        bus.Subscribe(Topics.Reconnected, _ => Clear());
    }

    public void Clear()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }

    public async ValueTask<TValue> GetAsync<TState>(TKey key, TState state, Func<TState, CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        if (TryHit(key, out var hit, out var generation)) return hit;
        var loadedAt = _clock.GetTimestamp();
        var value = await load(state, ct);
        Keep(key, value, loadedAt, generation);
        return value;
    }

    /// <summary>As <see cref="GetAsync"/> for a value computed without I/O; a null from <paramref name="load"/> is returned but not kept.</summary>
    public TValue Get<TState>(TKey key, TState state, Func<TState, TValue> load)
    {
        if (TryHit(key, out var hit, out var generation)) return hit;
        var loadedAt = _clock.GetTimestamp();
        var value = load(state);
        if (value is not null) Keep(key, value, loadedAt, generation);
        return value;
    }

    bool TryHit(TKey key, out TValue value, out long generation)
    {
        lock (_gate)
        {
            generation = _generation;
            if (_entries.TryGetValue(key, out var hit) && _clock.GetElapsedTime(hit.LoadedAt) < _maxAge)
            {
                value = hit.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    void Keep(TKey key, TValue value, long loadedAt, long generation)
    {
        lock (_gate)
        {
            if (generation != _generation) return;
            if (_entries.Count >= _capacity) _entries.Clear();
            _entries[key] = (value, loadedAt);
        }
    }
}
