-- Argo CD health of the Relais kinds (relais.dev: SmsPlatform, SmppRoute, SenderId, Segment,
-- Campaign), read from the status the operator writes. One script serves every kind; install it
-- under resource.customizations.health.relais.dev_<Kind> in argocd-cm (see docs/day-2.md).
local hs = {}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

-- Not Ready for a while that passes by itself: pods starting, a scheduler still starting.
local waiting = {
  ServicesProgressing = true,
  DispatchProgressing = true,
  NotRegistered = true,
  SchedulerUnavailable = true,
}

local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see generation " .. obj.metadata.generation
  return hs
end

local ready = condition(status.conditions, "Ready")

if obj.kind == "Campaign" then
  local failed = condition(status.conditions, "Failed")
  if status.phase == "Failed" or (failed ~= nil and failed.status == "True") then
    hs.status = "Degraded"
    hs.message = (failed ~= nil and failed.message) or (ready ~= nil and ready.message) or "Failed"
    return hs
  end
  if status.phase == "Completed" then
    hs.status = "Healthy"
    hs.message = status.progress or "Completed"
    return hs
  end
  if ready ~= nil and ready.status == "False" and not waiting[ready.reason] then
    hs.status = "Degraded"
    hs.message = ready.message or ready.reason
    return hs
  end
  if status.phase == "Paused" or status.phase == "Held" then
    local hold = condition(status.conditions, "QuietHoursHold")
    hs.status = "Suspended"
    hs.message = (status.phase == "Held" and hold ~= nil and hold.message) or
        (ready ~= nil and ready.message) or status.phase
    return hs
  end
  hs.status = "Progressing"
  hs.message = (status.phase or "Pending") .. (status.progress and (" " .. status.progress) or "")
  return hs
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ready.reason
elseif ready.status == "False" and not waiting[ready.reason] then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason
else
  hs.status = "Progressing"
  hs.message = ready.message or ready.reason
end
return hs
