export { type FaultProxy, startFaultProxy } from "./fault-proxy";
export { type ChooseFault, type Fault, faultMix, type ProxiedRequest } from "./faults";
