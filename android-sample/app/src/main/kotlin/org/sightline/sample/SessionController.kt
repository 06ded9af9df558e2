package org.sightline.sample

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import android.util.Log
import androidx.lifecycle.LifecycleOwner
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import org.sightline.sdk.ConnectionEvent
import org.sightline.sdk.ScanResult
import org.sightline.sdk.SdkException
import org.sightline.sdk.SessionConfig
import org.sightline.sdk.SessionListener
import org.sightline.sdk.SessionState
import org.sightline.sdk.SightlineSession

/**
 * One customer session: joins with the CameraX camera, streams its frames, shows the state,
 * the technicians' annotations, freeze and chat on [screen], tells the SDK when the phone's
 * network changes, and calls [onEnded] with what to tell the customer when it is over.
 */
class SessionController(
    private val context: Context,
    owner: LifecycleOwner,
    private val screen: SessionScreen,
    private val onEnded: (String) -> Unit,
) {
    private val camera = CameraXCamera(context, owner, screen.preview)
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Main)
    private val connectivity = context.getSystemService(ConnectivityManager::class.java)
    private var session: SightlineSession? = null
    private var features: SdkFeatures? = null
    private var finished = false

    private val listener = object : SessionListener {
        override fun onStateChanged(state: SessionState) = postToMain {
            screen.showState(describe(state))
            if (state is SessionState.Ended) finish(describe(state.reason))
        }

        override fun onConnectionEvent(event: ConnectionEvent) = postToMain {
            when (event) {
                is ConnectionEvent.RecordingChanged -> screen.showRecording(event.recording)
                is ConnectionEvent.ViewersChanged -> if (event.count > 0u) screen.showViewers(event.count)
                is ConnectionEvent.ServerError -> Log.w(TAG, "the server refused ${event.code}: ${event.message}")
                else -> Log.d(TAG, "connection: $event")
            }
        }
    }

    private val featureListener = object : FeatureListener {
        override fun onMarksChanged(marks: List<Mark>) = postToMain { screen.showMarks(marks) }
        override fun onFreezeChanged(frozen: Boolean) = postToMain { screen.showFrozen(frozen) }
        override fun onChat(line: ChatLine) = postToMain { screen.addChat(line) }
        override fun onScanResults(results: List<ScanResult>) = postToMain { screen.showScans(results) }
    }

    /** The phone moved to another network (Wi-Fi to cellular): the SDK reconnects at once. */
    private val networks = object : ConnectivityManager.NetworkCallback() {
        private var current: Network? = null

        override fun onAvailable(network: Network) {
            val previous = current
            current = network
            if (previous != null && previous != network) session?.networkChanged()
        }
    }

    init {
        camera.onPictureSize = { size -> postToMain { screen.setPictureSize(size) } }
    }

    /** Joins [target]; the customer has agreed to share the camera. */
    fun join(target: JoinTarget) {
        scope.launch {
            val config = SessionConfig(serverUrl = target.serverUrl, code = target.code)
            val joined = try {
                SightlineSession.join(config, camera, listener)
            } catch (error: SdkException) {
                finish(describe(error))
                return@launch
            }
            session = joined
            camera.frameSink = { frame -> joined.pushFrame(frame) }
            features = SdkFeatures(joined).also { it.listen(featureListener) }
            connectivity.registerDefaultNetworkCallback(networks)
        }
    }

    /** Sends a chat line to the technicians and shows it. */
    fun send(text: String) {
        val features = features ?: return
        try {
            features.sendChat(text)
            screen.addChat(ChatLine("You", text, fromMe = true))
        } catch (unavailable: UnsupportedOperationException) {
            Log.w(TAG, unavailable.message ?: "chat is unavailable")
        }
    }

    /** The customer's "End": the session ends for everyone; [onEnded] follows from the SDK. */
    fun end() {
        val session = session
        if (session == null) finish(describe(org.sightline.sdk.EndReason.CustomerEnded)) else session.end()
    }

    /** Frees everything (the activity is going away); ends a session still running. */
    fun close() {
        finished = true
        release()
    }

    private fun finish(message: String) {
        if (finished) return
        finished = true
        release()
        onEnded(message)
    }

    private fun release() {
        scope.cancel()
        camera.frameSink = null
        session?.let {
            runCatching { connectivity.unregisterNetworkCallback(networks) }
            if (it.state() !is SessionState.Ended) it.end()
            it.close()
        }
        session = null
        camera.close()
    }

    private companion object {
        const val TAG = "SightlineSession"
    }
}
