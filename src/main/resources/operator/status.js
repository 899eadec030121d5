// The status page: reads /status.json every few seconds (with the bearer token when the collector has one, kept in
// this tab's sessionStorage) and replays dead letters per reason through POST /tasks/replay.
(function () {
  "use strict";
  var REFRESH_MS = 5000;
  var plot = null;

  function headers() {
    var token = sessionStorage.getItem("piapi-collector-token");
    var h = { "Accept": "application/json" };
    if (token) { h["Authorization"] = "Bearer " + token; }
    return h;
  }

  function text(id, value) { document.getElementById(id).textContent = value; }

  function cell(row, value, cls) {
    var td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : String(value);
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function rows(tableId, items, fill) {
    var body = document.querySelector("#" + tableId + " tbody");
    body.textContent = "";
    items.forEach(function (item) {
      var tr = document.createElement("tr");
      fill(tr, item);
      body.appendChild(tr);
    });
  }

  function age(seconds) {
    if (seconds < 120) { return seconds + " s"; }
    if (seconds < 7200) { return Math.round(seconds / 60) + " min"; }
    return (seconds / 3600).toFixed(1) + " h";
  }

  function showProblem(message) {
    var p = document.getElementById("problem");
    p.hidden = !message;
    p.textContent = message || "";
  }

  function drawThroughput(t) {
    var data = [t.minutes, t.collected, t.dead_lettered, t.polls];
    if (plot) { plot.setData(data); return; }
    var el = document.getElementById("throughput");
    plot = new uPlot({
      width: Math.min(el.clientWidth || 640, 720), height: 220,
      series: [{}, { label: "collected", stroke: "#1a7f37", width: 2, points: { show: true, size: 6 } },
        { label: "dead-lettered", stroke: "#c62828", width: 2, points: { show: true, size: 6 } },
        { label: "polls", stroke: "#1565c0", width: 1, scale: "polls", points: { show: true, size: 5 } }],
      axes: [{}, { label: "tasks" }, { side: 1, scale: "polls", label: "polls", grid: { show: false } }]
    }, data, el);
  }

  function replay(reason, button) {
    button.disabled = true;
    fetch("/tasks/replay", {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, headers()),
      body: JSON.stringify({ reason: reason })
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || ("HTTP " + r.status)); }
        text("replayed", "Replayed " + body.replayed + " " + reason + " task(s).");
        refresh();
      });
    }).catch(function (e) {
      showProblem("replay failed: " + e.message);
      button.disabled = false;
    });
  }

  function render(s) {
    text("updated", "updated " + new Date(s.generated_at).toLocaleTimeString());
    text("count-open", s.counts.open);
    text("count-completed", s.counts.completed);
    text("count-dead", s.counts.dead);
    drawThroughput(s.throughput);
    rows("dead", s.dead_by_reason, function (tr, d) {
      tr.dataset.reason = d.reason;
      cell(tr, d.reason);
      cell(tr, d.count, "num");
      var b = document.createElement("button");
      b.textContent = "replay";
      b.className = "replay";
      b.addEventListener("click", function () { replay(d.reason, b); });
      cell(tr, "").appendChild(b);
    });
    rows("oldest", s.oldest_open, function (tr, t) {
      cell(tr, t.task_id); cell(tr, t.model); cell(tr, t.source); cell(tr, t.attempts, "num"); cell(tr, age(t.age_seconds), "num");
    });
    rows("runtimes", s.run_times, function (tr, r) {
      cell(tr, r.model); cell(tr, r.task_type); cell(tr, r.samples, "num");
      cell(tr, r.p10_seconds + " s", "num"); cell(tr, r.p50_seconds + " s", "num"); cell(tr, r.p90_seconds + " s", "num");
    });
    var checks = s.brokers.map(function (b) {
      return { check: "broker " + b.name + " (" + b.endpoint + ")", state: b.state, message: b.detail };
    }).concat(s.health);
    rows("health", checks, function (tr, c) {
      cell(tr, c.check); cell(tr, c.state, c.state); cell(tr, c.message);
    });
  }

  function refresh() {
    return fetch("/status.json", { headers: headers() }).then(function (r) {
      if (r.status === 401) {
        document.getElementById("login").hidden = false;
        showProblem("the collector wants its HTTP token");
        return;
      }
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || ("HTTP " + r.status)); }
        document.getElementById("login").hidden = true;
        showProblem(null);
        render(body);
      });
    }).catch(function (e) { showProblem("cannot read /status.json: " + e.message); });
  }

  document.getElementById("login").addEventListener("submit", function (e) {
    e.preventDefault();
    sessionStorage.setItem("piapi-collector-token", document.getElementById("token").value);
    refresh();
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
