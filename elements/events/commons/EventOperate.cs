namespace Elements.Std.Events;

/// <summary>JitAi's operation types of model events (<c>operate</c>); <c>FieldUpdateAfter</c> fires after any write.</summary>
public enum EventOperate
{
    AddBefore,
    AddAfter,
    UpdateBefore,
    UpdateAfter,
    DeleteBefore,
    DeleteAfter,
    FieldUpdateAfter,
}
