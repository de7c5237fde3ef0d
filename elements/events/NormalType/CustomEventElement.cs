using Elements.Activation;

namespace Elements.Std.Events;

/// <summary>
/// <c>events.NormalType</c>: a subscriber of the custom event <c>sender</c> (<c>services.MyService.EventName</c>),
/// published with <see cref="ElementAppEventExtensions.TriggerEventAsync"/>. An <c>Inner</c> event brings its own class
/// deriving from this one with a <c>CustomFunc(payload)</c>.
/// </summary>
[ElementType("events.NormalType", ConfigType = typeof(CustomEventConfig), CodeBehindInstances = true)]
public class CustomEventElement(ElementContext context, CustomEventConfig config) : EventElement(context, config);
