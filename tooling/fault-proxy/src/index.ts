export { type FaultProxy, startFaultProxy } from "./fault-proxy";
export { type ChooseFault, type Fault, faultMix, faultQueue, type ProxiedRequest } from "./faults";
