# Recall a message by the msg_id its push answered: within one day, and only once.
# Env: BASE_URL (default: the local reference server), APP_KEY, MASTER_SECRET, MSG_ID.
import base64
import json
import os
import sys
import urllib.error
import urllib.request

base_url = os.environ.get("BASE_URL", "http://127.0.0.1:8080")
credentials = f"{os.environ.get('APP_KEY', '')}:{os.environ.get('MASTER_SECRET', '')}"
msg_id = os.environ.get("MSG_ID", "")  # a string of digits: never parse it as a number
if not msg_id:
    sys.exit("set MSG_ID to the msg_id a push answered")

request = urllib.request.Request(
    f"{base_url}/v4/push/withdraw/{msg_id}",
    method="DELETE",
    headers={
        "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        "Accept": "application/json",
    },
)
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
except urllib.error.HTTPError as error:
    # 400 with code 21003 when it was recalled before, is older than one day or is unknown:
    # the message says which ("msg_id has been withdrawn", "msg_id expired, ...", ...).
    failure = json.load(error)["error"]
    # sys.exit(text) prints the text on stderr and exits with status 1.
    sys.exit(f"recall failed: HTTP {error.code}, code {failure['code']}: {failure['message']}")

print(json.dumps(answer))  # the id recalled, echoed
